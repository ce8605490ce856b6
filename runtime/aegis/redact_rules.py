"""The provider table: secrets recognisable by a distinctive prefix or shape.

Derived from published rule data — gitleaks' default config
(``config/gitleaks.toml``, rule ids quoted as ``gitleaks: <id>``) and
trufflehog's detectors (``pkg/detectors/<name>``, quoted as ``trufflehog:
<name>``) — and written afresh for Python's ``re``. Each entry is
``(rule name, pattern, source)``; the pattern matches the token alone (the
engine adds the word boundaries). Lengths are deliberately a little looser
than the upstream rules: a token of a known prefix that is a few characters
longer or shorter than documented is still a token, and the prefixes are
distinctive enough that prose does not carry them.

Every body is one character class repeated, so matching is linear: no nested
quantifiers, no overlapping alternatives inside a token.
"""

from __future__ import annotations

_B62 = "[A-Za-z0-9]"
_B64URL = "[A-Za-z0-9_-]"
_HEX = "[a-fA-F0-9]"
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

PROVIDERS: tuple[tuple[str, str, str], ...] = (
    # ---- AI providers
    ("anthropic-key", r"sk-ant-(?:api|admin|oat|sid)\d\d-" + _B64URL + "{20,}",
     "gitleaks: anthropic-api-key, anthropic-admin-api-key; trufflehog: anthropic"),
    ("anthropic-key", r"sk-ant-" + _B64URL + "{24,}", "trufflehog: anthropic (older shapes)"),
    ("openai-key", r"sk-(?:proj|svcacct|admin|service)-" + _B64URL + "{20,}",
     "gitleaks: openai-api-key; trufflehog: openai, openaiadmin"),
    ("openai-key", r"sk-" + _B62 + "{20}T3BlbkFJ" + _B62 + "{20}", "gitleaks: openai-api-key"),
    # A bare sk- key (OpenAI legacy, DeepSeek, many proxies): needs a digit, so
    # "sk-learn-style-words" stays prose.
    ("openai-key", r"sk-(?=[A-Za-z_-]*\d)" + _B64URL + "{24,}", "trufflehog: openai, deepseek"),
    ("openrouter-key", r"sk-or-v1-" + _HEX + "{40,}", "trufflehog: openrouter"),
    ("groq-key", r"gsk_" + _B62 + "{40,}", "trufflehog: groq"),
    ("replicate-token", r"r8_" + _B64URL + "{30,}", "trufflehog: replicate"),
    ("huggingface-token", r"(?:hf_|api_org_)" + _B62 + "{30,}",
     "gitleaks: huggingface-access-token, huggingface-organization-api-token"),
    ("perplexity-key", r"pplx-" + _B62 + "{40,}", "gitleaks: perplexity-api-key"),
    ("xai-key", r"xai-" + _B62 + "{60,}", "trufflehog: xai"),
    ("nvidia-key", r"nvapi-" + _B64URL + "{40,}", "trufflehog: nvapi"),
    ("langsmith-key", r"lsv2_(?:pt|sk)_" + _HEX + "{32}_" + _HEX + "{10}", "trufflehog: langsmith"),
    ("pinecone-key", r"pcsk_" + _B62 + "{5,}_" + _B62 + "{40,}", "trufflehog: pinecone"),
    # ---- cloud
    ("aws-access-key", r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)"
     r"[A-Z0-9]{16}", "gitleaks: aws-access-token"),
    ("aws-bedrock-key", r"ABSK[A-Za-z0-9+/]{100,}={0,2}",
     "gitleaks: aws-amazon-bedrock-api-key-long-lived"),
    ("google-api-key", r"AIza" + _B64URL + "{35}", "gitleaks: gcp-api-key"),
    ("google-oauth-secret", r"GOCSPX-" + _B64URL + "{24,}", "trufflehog: gcpoauth client secret"),
    ("google-oauth-token", r"ya29\.[A-Za-z0-9_-]{20,}", "trufflehog: googleoauth2"),
    ("google-refresh-token", r"1//0" + _B64URL + "{30,}", "trufflehog: googleoauth2 refresh"),
    ("azure-ad-secret", r"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}",
     "gitleaks: azure-ad-client-secret"),
    ("digitalocean-token", r"do[opr]_v1_" + _HEX + "{64}",
     "gitleaks: digitalocean-pat, -access-token, -refresh-token; trufflehog: digitaloceanv2"),
    ("alibaba-key", r"LTAI" + _B62 + "{20}", "gitleaks: alibaba-access-key-id"),
    ("heroku-key", r"HRKU-" + _B64URL + "{40,}", "gitleaks: heroku-api-key-v2; trufflehog: heroku v2"),
    ("flyio-token", r"(?:fo1_" + _B64URL + "{40,}|fm[12][ar]?_[A-Za-z0-9+/]{60,}={0,3})",
     "gitleaks: flyio-access-token"),
    ("cloudflare-origin-key", r"v1\.0-" + _HEX + "{24}-" + _HEX + "{146}",
     "gitleaks: cloudflare-origin-ca-key"),
    ("databricks-token", r"dapi" + _HEX + r"{32}(?:-\d)?", "gitleaks: databricks-api-token"),
    ("openshift-token", r"sha256~" + _B64URL + "{43}", "gitleaks: openshift-user-token"),
    ("scalingo-token", r"tk-us-" + _B64URL + "{48}", "gitleaks: scalingo-api-token"),
    ("supabase-token", r"sbp_" + _HEX + "{40}", "trufflehog: supabasetoken"),
    ("tailscale-key", r"tskey-(?:auth|api|client|scim|webhook)?-?" + _B64URL + "{20,}",
     "trufflehog: tailscale"),
    ("planetscale-token", r"pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,64}",
     "gitleaks: planetscale-api-token, -oauth-token, -password"),
    ("hashicorp-tf-token", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}",
     "gitleaks: hashicorp-tf-api-token"),
    ("vault-token", r"hv[sbr]\.[A-Za-z0-9_-]{24,}", "gitleaks: vault-service-token, vault-batch-token"),
    ("vault-token", r"s\.(?=[A-Za-z]*\d)(?=[a-z0-9]*[A-Z])[A-Za-z0-9]{24}(?![A-Za-z0-9])",
     "gitleaks: vault-service-token (legacy s. tokens)"),
    ("doppler-token", r"dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?" + _B62 + "{40,44}",
     "gitleaks: doppler-api-token; trufflehog: doppler"),
    ("pulumi-token", r"pul-" + _HEX + "{40}", "gitleaks: pulumi-api-token"),
    ("dynatrace-token", r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}", "gitleaks: dynatrace-api-token"),
    ("grafana-token", r"(?:glc_[A-Za-z0-9+/]{32,}={0,3}|glsa_" + _B62 + "{32}_" + _HEX + "{8}"
     r"|eyJrIjoi[A-Za-z0-9]{70,}={0,3})",
     "gitleaks: grafana-cloud-api-token, grafana-service-account-token, grafana-api-key"),
    ("1password-token", r"(?:ops_eyJ[A-Za-z0-9+/]{100,}={0,3}|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|"
     r"[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})",
     "gitleaks: 1password-service-account-token, 1password-secret-key"),
    ("age-secret-key", r"AGE-SECRET-KEY-1[02-9ac-hj-np-zAC-HJ-NP-Z]{58}", "gitleaks: age-secret-key"),
    # ---- source hosting and package registries
    ("github-token", r"gh[pousr]_" + _B62 + "{30,}", "gitleaks: github-pat, github-oauth, "
     "github-app-token, github-refresh-token"),
    ("github-token", r"github_pat_\w{40,}", "gitleaks: github-fine-grained-pat"),
    ("gitlab-token", r"gl(?:pat|dt|rt|ptt|ft|cbt|imt|oas|soat|ffct|agent|cbt)-" + _B64URL + "{20,}"
     r"(?:\.[0-9a-z]{2,9})?",
     "gitleaks: gitlab-pat, -deploy-token, -runner-authentication-token, -ptt, -feed-token, "
     "-cicd-job-token, -incoming-mail-token, -oauth-app-secret, -scim-token, "
     "-feature-flag-client-token, -kubernetes-agent-token"),
    ("gitlab-token", r"GR1348941" + _B64URL + "{20,}", "gitleaks: gitlab-rrt"),
    ("bitbucket-token", r"ATBB" + _B62 + "{28,}", "trufflehog: bitbucketapppassword"),
    ("atlassian-token", r"AT(?:ATT|CTT)3" + r"[A-Za-z0-9_=+/-]{60,}",
     "gitleaks: atlassian-api-token; trufflehog: atlassian v2"),
    ("npm-token", r"npm_" + _B62 + "{36}", "gitleaks: npm-access-token; trufflehog: npmtokenv2"),
    ("pypi-token", r"pypi-AgE[A-Za-z0-9_-]{50,}", "gitleaks: pypi-upload-token"),
    ("rubygems-token", r"rubygems_" + _HEX + "{48}", "gitleaks: rubygems-api-token"),
    ("clojars-token", r"CLOJARS_[A-Za-z0-9]{60}", "gitleaks: clojars-api-token"),
    ("docker-token", r"dckr_(?:pat|oat)_" + _B64URL + "{20,}", "trufflehog: dockerhub"),
    ("artifactory-key", r"AKCp" + _B62 + "{60,}", "gitleaks: artifactory-api-key"),
    ("sourcegraph-token", r"sgp_(?:" + _HEX + "{16}_)?" + _HEX + "{40}",
     "gitleaks: sourcegraph-access-token"),
    ("readme-token", r"rdme_[a-z0-9]{70}", "gitleaks: readme-api-token"),
    ("sentry-token", r"(?:sntryu_" + _HEX + "{64}|sntrys_eyJ[A-Za-z0-9+/=_]{50,})",
     "gitleaks: sentry-user-token, sentry-org-token"),
    ("buildkite-token", r"bkua_" + _HEX + "{40}", "trufflehog: buildkite v2"),
    ("circleci-token", r"CCIPAT_" + _B62 + "{20,}_" + _HEX + "{40}", "trufflehog: circleci"),
    ("prefect-token", r"pnu_" + _B62 + "{36}", "gitleaks: prefect-api-token"),
    ("figma-token", r"figd_" + _B64URL + "{40,}", "trufflehog: figma"),
    ("postman-key", r"PMAK-" + _HEX + "{24}-" + _HEX + "{34}", "gitleaks: postman-api-token"),
    ("infracost-token", r"ico-" + _B62 + "{32}", "gitleaks: infracost-api-token"),
    # ---- chat, mail, messaging
    ("slack-token", r"xox[abposre]-[A-Za-z0-9-]{10,}",
     "gitleaks: slack-bot-token, slack-user-token, slack-legacy-*"),
    ("slack-token", r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", "gitleaks: slack-app-token"),
    ("slack-token", r"xoxe(?:\.xox[bp])?-\d-[A-Z0-9]{100,}",
     "gitleaks: slack-config-access-token, slack-config-refresh-token"),
    ("slack-webhook", r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/"
     r"[A-Za-z0-9+/_-]{20,}", "gitleaks: slack-webhook-url; trufflehog: slackwebhook"),
    ("discord-webhook", r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{16,20}/"
     + _B64URL + "{40,}", "trufflehog: discordwebhook"),
    ("discord-token", r"[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}",
     "trufflehog: discordbottoken"),
    ("telegram-token", r"\d{8,10}:AA[A-Za-z0-9_-]{32,34}", "gitleaks: telegram-bot-api-token; "
     "trufflehog: telegrambottoken"),
    ("teams-webhook", r"https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/[A-Za-z0-9@/-]{40,}",
     "gitleaks: microsoft-teams-webhook"),
    ("sendgrid-key", r"SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,50}",
     "gitleaks: sendgrid-api-token; trufflehog: sendgrid"),
    ("sendinblue-key", r"xkeysib-" + _HEX + "{64}-" + _B62 + "{16}", "gitleaks: sendinblue-api-token"),
    ("mailgun-key", r"(?:key|pubkey)-" + _HEX + "{32}", "gitleaks: mailgun-private-api-token, "
     "mailgun-pub-key; trufflehog: mailgun"),
    ("mailgun-key", _HEX + "{32}-" + _HEX + "{8}-" + _HEX + "{8}",
     "gitleaks: mailgun-signing-key; trufflehog: mailgun (hex)"),
    ("mailchimp-key", _HEX + r"{32}-us\d{1,2}", "gitleaks: mailchimp-api-key"),
    ("twilio-key", r"(?:SK|AC)" + _HEX + "{32}", "gitleaks: twilio-api-key; trufflehog: twilio"),
    ("new-relic-key", r"NR(?:AK|II|JS|RA|IQ|BR)-[A-Za-z0-9]{19,32}",
     "gitleaks: new-relic-user-api-key, -insert-key, -browser-api-token"),
    ("linear-key", r"lin_(?:api|oauth)_" + _B62 + "{40}", "gitleaks: linear-api-key; trufflehog: linearapi"),
    ("notion-token", r"(?:ntn_\d{11}" + _B62 + "{35}|secret_" + _B62 + "{43})",
     "gitleaks: notion-api-token; trufflehog: notion"),
    ("typeform-token", r"tfp_[A-Za-z0-9_.=-]{59}", "gitleaks: typeform-api-token"),
    ("intercom-token", r"dG9rO[A-Za-z0-9+/]{40,}={0,2}", "trufflehog: intercom (base64 'tok:')"),
    # ---- payments and commerce
    ("stripe-key", r"(?:sk|rk|pk)_(?:live|test|prod)_" + _B62 + "{10,}",
     "gitleaks: stripe-access-token; trufflehog: stripe"),
    ("stripe-webhook-secret", r"whsec_" + _B62 + "{24,}", "trufflehog: stripe webhook secret"),
    ("stripe-client-secret", r"(?:pi|seti)_" + _B62 + "{24}_secret_" + _B62 + "{24,}",
     "trufflehog: stripepaymentintent"),
    ("shopify-token", r"shp(?:at|ca|pa|ss)_" + _HEX + "{32}", "gitleaks: shopify-access-token, "
     "-custom-access-token, -private-app-access-token, -shared-secret"),
    ("square-token", r"(?:EAAA|sq0atp-|sq0csp-)" + _B64URL + "{22,60}", "gitleaks: square-access-token"),
    ("facebook-token", r"EAA[MC][A-Za-z0-9]{100,}", "gitleaks: facebook-page-access-token"),
    ("flutterwave-key", r"FLW(?:SECK|PUBK)_TEST-[a-hA-H0-9]{12,32}(?:-X)?",
     "gitleaks: flutterwave-secret-key, -public-key, -encryption-key"),
    ("duffel-token", r"duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", "gitleaks: duffel-api-token"),
    ("easypost-key", r"EZ[AT]K" + _B62 + "{54}", "gitleaks: easypost-api-token"),
    ("shippo-token", r"shippo_(?:live|test)_" + _HEX + "{40}", "gitleaks: shippo-api-token"),
    ("adobe-secret", r"p8e-" + _B62 + "{32}", "gitleaks: adobe-client-secret"),
    ("octopus-key", r"API-[A-Z0-9]{26}", "gitleaks: octopus-deploy-api-key"),
    ("maxmind-key", _B62 + "{6}_" + _B62 + "{29}_mmk", "gitleaks: maxmind-license-key"),
    ("frameio-token", r"fio-u-[A-Za-z0-9_=-]{64}", "gitleaks: frameio-api-token"),
    ("airtable-token", r"pat" + _B62 + r"{14}\." + _HEX + "{64}",
     "gitleaks: airtable-personnal-access-token"),
    ("posthog-key", r"ph[xc]_" + _B62 + "{40,}", "trufflehog: posthog"),
)
