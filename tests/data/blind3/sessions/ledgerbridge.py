"""ledgerbridge: COBOL/JCL batch -> Java 17 + Spring Batch migration (see ../README.md)."""

DECODER = '''package com.northmere.ledgerbridge.codec;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Decodes IBM packed decimal (COMP-3) fields. */
public final class Comp3Decoder {

    private Comp3Decoder() {}

    public static BigDecimal decode(byte[] field, int scale) {
        StringBuilder digits = new StringBuilder(field.length * 2);
        for (int i = 0; i < field.length - 1; i++) {
            digits.append((field[i] >> 4) & 0x0F).append(field[i] & 0x0F);
        }
        int last = field[field.length - 1];
        digits.append((last >> 4) & 0x0F);
        int sign = last & 0x0F;
        BigInteger unscaled = new BigInteger(digits.toString());
        if (sign == 0x0D) {
            unscaled = unscaled.negate();
        }
        return new BigDecimal(unscaled, scale);
    }
}'''

COPYBOOK = '''      *================================================================*
      * PREMREC  - PREMIUM CALCULATION INPUT RECORD   LRECL=120        *
      *================================================================*
       01  PREM-REC.
           05  PREM-POLICY-NO        PIC X(12).
           05  PREM-PRODUCT-CD       PIC X(4).
           05  PREM-EFF-DATE         PIC 9(8).
           05  PREM-AMT              PIC S9(9)V99 COMP-3.
           05  PREM-TAX-AMT          PIC S9(7)V99 COMP-3.
           05  PREM-AGENT-NAME       PIC X(30).
           05  FILLER                PIC X(55).'''

SESSION_1 = {
    "name": "ledgerbridge_comp3_sign",
    "cwd": "/srv/dev/priya/ledgerbridge",
    "branch": "feature/LB-1184-premcalc-parity",
    "start": "2026-09-08T07:55:40.310Z",
    "turns": [
        ("user", "morning. parity for PREMCALC failed again last night, the report says 37 records differ, all in PREM-AMT. can you look at the COMP-3 decoder in ledgerbridge-codec? the parity report is in build/parity/PREMCALC-20250630.txt"),
        ("think", "Read the parity report first to see what the differences look like, then the decoder."),
        ("tool", "Bash", {"command": "head -n 14 build/parity/PREMCALC-20250630.txt", "description": "Show the parity report"},
         "PARITY PREMCALC  input=parity-inputs/2025-06-30/PREMIN.dat  records=418220\nlegacy=PREMOUT.legacy.dat  new=PREMOUT.java.dat\nMISMATCHES: 37\n#1   rec 1022   PREM-AMT  legacy=-000001234.56  java=000001234.56\n#2   rec 4410   PREM-AMT  legacy=-000000087.10  java=000000087.10\n#3   rec 9131   PREM-AMT  legacy=-000012000.00  java=000012000.00\n..."),
        ("say", "Every mismatch is the same shape: legacy has a negative amount, Java has the same digits positive. So it's the sign, not the digits or the scale. Let me read the decoder."),
        ("tool", "Read", {"file_path": "/srv/dev/priya/ledgerbridge/ledgerbridge-codec/src/main/java/com/northmere/ledgerbridge/codec/Comp3Decoder.java"}, DECODER),
        ("think", "Only 0x0D is treated as negative. Before concluding, check the scale in the copybook in case V99 vs V999 interacts. Also look at raw bytes of record 1022."),
        ("say", "The decoder only negates when the sign nibble is `0xD`. It could also be the scale if the copybook says `V999` and we pass 2. I'll check the copybook and the raw bytes of record 1022."),
        ("tool", "Read", {"file_path": "/srv/dev/priya/ledgerbridge/copybooks/PREMREC.cpy"}, COPYBOOK),
        ("tool", "Bash", {"command": "dd if=parity-inputs/2025-06-30/PREMIN.dat bs=120 skip=1021 count=1 2>/dev/null | xxd -s 24 -l 6", "description": "Raw PREM-AMT bytes of record 1022"},
         "00000018: 0000 0123 456b                           ...#Ek"),
        ("say", "The scale is fine: `PIC S9(9)V99 COMP-3` means scale 2, and that's what we pass. The raw field ends in `6b`, so the sign nibble is `0xB`.\n\nRoot cause: the decoder only treated 0xD as a negative sign nibble, but PREMCALC's input was written by an old Assembler utility that uses 0xB for negatives. Both are valid negative signs in packed decimal, and the mainframe COBOL accepts both.\n\nFix: Comp3Decoder now treats 0xB and 0xD as negative and 0xA, 0xC, 0xE, 0xF as positive, and any other nibble throws `MalformedPackedDecimalException` instead of decoding silently."),
        ("tool", "Edit", {"file_path": "/srv/dev/priya/ledgerbridge/ledgerbridge-codec/src/main/java/com/northmere/ledgerbridge/codec/Comp3Decoder.java",
                          "old_string": "        if (sign == 0x0D) {\n            unscaled = unscaled.negate();\n        }",
                          "new_string": "        switch (sign) {\n            case 0x0B, 0x0D -> unscaled = unscaled.negate();\n            case 0x0A, 0x0C, 0x0E, 0x0F -> { }\n            default -> throw new MalformedPackedDecimalException(field, sign);\n        }"},
         "The file /srv/dev/priya/ledgerbridge/ledgerbridge-codec/src/main/java/com/northmere/ledgerbridge/codec/Comp3Decoder.java has been updated."),
        ("user", "ok makes sense. while you're there, the test for it: money is always BigDecimal with the scale from the copybook PIC, never double and never long cents. and rounding is RoundingMode.HALF_UP everywhere because thats what COBOL ROUNDED does, someone used HALF_EVEN in the tax step last month and we had cent differences for a week"),
        ("tool", "Write", {"file_path": "/srv/dev/priya/ledgerbridge/ledgerbridge-codec/src/test/java/com/northmere/ledgerbridge/codec/Comp3DecoderTest.java",
                           "content": "package com.northmere.ledgerbridge.codec;\n\nimport static org.assertj.core.api.Assertions.*;\n\nimport java.math.BigDecimal;\nimport org.junit.jupiter.params.ParameterizedTest;\nimport org.junit.jupiter.params.provider.CsvSource;\n\nclass Comp3DecoderTest {\n\n    @ParameterizedTest\n    @CsvSource({\"0000000123456D,-1234.56\", \"0000000123456B,-1234.56\", \"0000000123456C,1234.56\", \"0000000123456F,1234.56\"})\n    void decodesEverySignNibble(String hex, String expected) {\n        assertThat(Comp3Decoder.decode(HexFormat.of().parseHex(hex), 2))\n            .isEqualByComparingTo(new BigDecimal(expected));\n    }\n}\n"},
         "File created successfully at: /srv/dev/priya/ledgerbridge/ledgerbridge-codec/src/test/java/com/northmere/ledgerbridge/codec/Comp3DecoderTest.java"),
        ("tool", "Bash", {"command": "./gradlew :ledgerbridge-codec:test -q 2>&1 | tail -n 3; grep -rn 'HALF_EVEN' --include=*.java . | head", "description": "Run codec tests, look for HALF_EVEN"},
         "BUILD SUCCESSFUL in 41s\n12 tests completed, 0 failed"),
        ("say", "The codec tests pass (12 of 12, including the new sign-nibble cases), and `HALF_EVEN` appears nowhere in the code now. Shall I rerun the PREMCALC parity job?"),
        ("user", "yes, against the usual inputs. parity always runs against the frozen input set from 2025-06-30 month-end in the parity-inputs bucket, never against live files, otherwise you compare two different days"),
        ("tool", "Bash", {"command": "./gradlew :parity:run --args='--job PREMCALC --inputs parity-inputs/2025-06-30' -q 2>&1 | tail -n 2", "description": "Rerun PREMCALC parity"},
         "PARITY PREMCALC records=418220 MISMATCHES: 0\nbyte-identical: yes"),
        ("say", "PREMCALC parity is green: 0 mismatches in 418,220 records, byte-identical output."),
        ("user_blocks", ["great. Marguerite reviewed the MR (!212) before the fix, her comments below, please address them:",
                         "> **Marguerite D.** commented on `PremcalcWriter.java`:\n> 1. Don't trim trailing spaces on PIC X fields. CLMEXTR downstream reads fixed width, a trimmed field shifts every column after it.\n> 2. Keep chunk size 500 for the claims step. The DB2 side commits every 500 records and the restart logic on both sides assumes the same boundaries.\n> 3. nit: please use the JCL step name in the test class name, e.g. `PremcalcStep020Test`, so we can find the COBOL counterpart.\n> 4. I'm off next week, ask Tomasz if anything is urgent."]),
        ("think", "Three actionable points: PremcalcWriter trims PIC X, ClaimsStepConfig chunk size, test class naming. Fourth is informational."),
        ("tool", "Grep", {"pattern": "strip\\(\\)|trim\\(\\)|chunk\\(", "path": "ledgerbridge-jobs/src/main/java", "output_mode": "content", "-n": True},
         "ledgerbridge-jobs/src/main/java/com/northmere/ledgerbridge/premcalc/PremcalcWriter.java:58:        out.write(pad(rec.agentName().strip(), 30));\nledgerbridge-jobs/src/main/java/com/northmere/ledgerbridge/claims/ClaimsStepConfig.java:33:            .<ClaimRecord, ClaimRecord>chunk(1000, tx)"),
        ("tool", "Edit", {"file_path": "/srv/dev/priya/ledgerbridge/ledgerbridge-jobs/src/main/java/com/northmere/ledgerbridge/premcalc/PremcalcWriter.java", "old_string": "pad(rec.agentName().strip(), 30)", "new_string": "pad(rec.agentName(), 30)"},
         "The file has been updated."),
        ("tool", "Edit", {"file_path": "/srv/dev/priya/ledgerbridge/ledgerbridge-jobs/src/main/java/com/northmere/ledgerbridge/claims/ClaimsStepConfig.java", "old_string": ".<ClaimRecord, ClaimRecord>chunk(1000, tx)", "new_string": ".<ClaimRecord, ClaimRecord>chunk(500, tx)"},
         "The file has been updated."),
        ("tool", "Bash", {"command": "git mv ledgerbridge-jobs/src/test/java/com/northmere/ledgerbridge/premcalc/PremcalcWriterTest.java ledgerbridge-jobs/src/test/java/com/northmere/ledgerbridge/premcalc/PremcalcStep020Test.java && sed -i 's/class PremcalcWriterTest/class PremcalcStep020Test/' ledgerbridge-jobs/src/test/java/com/northmere/ledgerbridge/premcalc/PremcalcStep020Test.java && ./gradlew test -q 2>&1 | tail -n 2", "description": "Rename test, run all tests"},
         "BUILD SUCCESSFUL in 2m 03s\n188 tests completed, 0 failed"),
        ("say", "All three comments are addressed:\n1. `PremcalcWriter` no longer strips `PREM-AGENT-NAME`. PIC X fields keep their trailing spaces.\n2. The claims step chunk size went from 1000 back to 500, in line with the DB2 commit interval.\n3. `PremcalcWriterTest` is renamed to `PremcalcStep020Test`.\n\n188 tests pass. Do you want me to rerun parity for POLRENEW too, since it uses the same writer base class?"),
        ("user", "no, POLRENEW is Tomasz's, he runs it tomorrow. commit it with the ticket id in front like always: `LB-1184: ...`"),
        ("tool", "Bash", {"command": "git commit -qam 'LB-1184: decode 0xB sign nibble as negative; keep PIC X padding; claims chunk 500' && git log --oneline -1", "description": "Commit"},
         "a41c9e2 LB-1184: decode 0xB sign nibble as negative; keep PIC X padding; claims chunk 500"),
        ("say", "Committed as `a41c9e2`."),
    ],
    "must_capture": [
        "uses 0xb for negatives",
        "both are valid negative signs",
        "treats 0xb and 0xd as negative",
        "never double",
        "roundingmode.half_up",
        "frozen input set from 2025-06-30",
        "trailing spaces on pic x",
        "reads fixed width",
        "chunk size 500",
        "db2 side commits every 500",
        "jcl step name in the test class",
        "ticket id in front",
    ],
    "must_not_capture": [
        "37 records differ",
        "the scale if the copybook says `v999`",
        "12 tests completed",
        "0 mismatches in 418,220 records",
        "the raw field ends in",
        "off next week",
        "188 tests pass",
        "rerun parity for polrenew",
        "he runs it tomorrow",
        "a41c9e2",
    ],
}

CRONJOB = '''apiVersion: batch/v1
kind: CronJob
metadata:
  name: premcalc
  labels:
    app.kubernetes.io/part-of: ledgerbridge
spec:
  schedule: "15 1 * * *"
  timeZone: Europe/London
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 1800
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: job
              image: registry.apps.northmere.internal/ledgerbridge/jobs:1.14.2
              args: ["--spring.batch.job.name=PREMCALC"]
              envFrom:
                - configMapRef:
                    name: ledgerbridge-batch-env
              resources:
                limits:
                  memory: 1Gi'''

SESSION_2 = {
    "name": "ledgerbridge_clmextr_openshift",
    "cwd": "/srv/dev/tomasz/ledgerbridge",
    "branch": "feature/LB-1201-clmextr",
    "start": "2026-09-10T12:03:19.884Z",
    "turns": [
        ("user", "hi, CLMEXTR is converted and the unit tests pass, now it needs to run on openshift in the uat namespace. copy what premcalc does. i want it in UAT by tomorrow so the business can look"),
        ("think", "Look at the existing PREMCALC CronJob manifest and copy its structure for CLMEXTR."),
        ("tool", "Read", {"file_path": "/srv/dev/tomasz/ledgerbridge/deploy/jobs/premcalc-cronjob.yaml"}, CRONJOB),
        ("say", "PREMCALC runs as a CronJob at 01:15 Europe/London with `concurrencyPolicy: Forbid`, `backoffLimit: 0` and env from the `ledgerbridge-batch-env` ConfigMap. Before I copy it: is `Forbid` deliberate?"),
        ("user", "yes that's a rule: every batch job is a CronJob with concurrencyPolicy: Forbid, two nights of the same job must never overlap, the legacy scheduler guaranteed that and the downstream jobs assume it. CLMEXTR runs after PREMCALC, say 02:30.\nalso the step names: JCL step names map one-to-one to Spring Batch step names and we keep the original names like STEP020, don't rename them to something nice"),
        ("tool", "Write", {"file_path": "/srv/dev/tomasz/ledgerbridge/deploy/jobs/clmextr-cronjob.yaml", "content": CRONJOB.replace("premcalc", "clmextr").replace("PREMCALC", "CLMEXTR").replace("15 1 * * *", "30 2 * * *")},
         "File created successfully at: /srv/dev/tomasz/ledgerbridge/deploy/jobs/clmextr-cronjob.yaml"),
        ("tool", "Grep", {"pattern": "\\.get\\(\"", "path": "ledgerbridge-jobs/src/main/java/com/northmere/ledgerbridge/clmextr", "output_mode": "content", "-n": True},
         "ClmextrJobConfig.java:27:        return steps.get(\"readClaims\")\nClmextrJobConfig.java:41:        return steps.get(\"writeExtract\")"),
        ("say", "The CronJob is written for 02:30. The two CLMEXTR steps are called `readClaims` and `writeExtract`, so I'll rename them to the JCL names. The JCL has `STEP010` and `STEP020`."),
        ("tool", "Bash", {"command": "sed -i 's/steps.get(\"readClaims\")/steps.get(\"STEP010\")/; s/steps.get(\"writeExtract\")/steps.get(\"STEP020\")/' ledgerbridge-jobs/src/main/java/com/northmere/ledgerbridge/clmextr/ClmextrJobConfig.java && ./gradlew :ledgerbridge-jobs:test --tests '*Clmextr*' -q 2>&1 | tail -n 1", "description": "Rename steps and test"},
         "9 tests completed, 0 failed"),
        ("say", "Steps renamed to `STEP010`/`STEP020`; the 9 CLMEXTR tests still pass. Here is the command to apply it:\n\n```\noc apply -n ledgerbridge-uat -f deploy/jobs/clmextr-cronjob.yaml\noc create job -n ledgerbridge-uat clmextr-manual-1 --from=cronjob/clmextr\n```"),
        ("user", "thanks for not running it yourself. keep it that way please, I prefer you don't run oc apply against uat or prod, give me the command and I run it. ok, applied and triggered. pod is in CrashLoopBackOff"),
        ("say", "Can you paste `oc logs` for the pod? My first guess would be memory: the claims extract loads a 300 MB lookup, and the limit is 1Gi, so bumping it to 2Gi might be enough."),
        ("user", "```\n$ oc logs clmextr-manual-1-7xk2p\n  .   ____          _\n :: Spring Boot ::                (v3.3.4)\n2026-09-10T12:41:07.512Z ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed\njava.lang.IllegalStateException: Required property 'ledgerbridge.input-dir' is not set\n\tat com.northmere.ledgerbridge.config.InputProperties.validate(InputProperties.java:31)\n```"),
        ("say", "Not memory then: it fails at startup because `ledgerbridge.input-dir` isn't set. PREMCALC gets `LEDGERBRIDGE_INPUT_DIR` from the ConfigMap, but the ConfigMap only has the PREMCALC path. CLMEXTR reads from a different share. What is the claims input directory in UAT?"),
        ("user", "/mnt/claims-in . add it to the configmap as LEDGERBRIDGE_CLAIMS_INPUT_DIR and map it in application-uat.yml"),
        ("tool", "Edit", {"file_path": "/srv/dev/tomasz/ledgerbridge/ledgerbridge-jobs/src/main/resources/application-uat.yml", "old_string": "ledgerbridge:\n  input-dir: ${LEDGERBRIDGE_INPUT_DIR}", "new_string": "ledgerbridge:\n  input-dir: ${LEDGERBRIDGE_INPUT_DIR}\n  claims-input-dir: ${LEDGERBRIDGE_CLAIMS_INPUT_DIR}"},
         "The file has been updated."),
        ("say", "Mapped. Commands for you:\n\n```\noc patch configmap ledgerbridge-batch-env -n ledgerbridge-uat --type merge -p '{\"data\":{\"LEDGERBRIDGE_CLAIMS_INPUT_DIR\":\"/mnt/claims-in\"}}'\noc create job -n ledgerbridge-uat clmextr-manual-2 --from=cronjob/clmextr\n```"),
        ("user", "ran it. it completes now but the extract looks wrong, the claim descriptions have Ý and ¨ where there should be [ and ]. the input files are EBCDIC IBM-1047 btw, thats what we configured"),
        ("think", "In IBM-1047, [ is 0xAD and ] is 0xBD. In IBM037, [ is 0xBA and ] is 0xBB. 0xBA in 1047 decodes to Ý and 0xBB to ¨. So the files are actually in 037. Verify on a sample byte."),
        ("tool", "Bash", {"command": "grep -ob $'\\xba' /mnt/claims-in/CLMIN.sample.dat | head -n 2; python3 -c \"print(bytes([0xba,0xbb]).decode('cp037'), bytes([0xba,0xbb]).decode('cp1047'))\"", "description": "Check bracket bytes in both code pages"},
         "4077:\xba\n4213:\xba\n[] Ý¨"),
        ("say", "The bytes in the file are `0xBA`/`0xBB`. That is `[`/`]` in IBM037 and `Ý`/`¨` in IBM-1047, so the claims files are IBM037 even though we configured IBM-1047.\n\nRoot cause: CLMEXTR decoded its input as IBM-1047, but the claims system writes IBM037, and the two code pages differ exactly on brackets and a few other symbols.\n\nFix: `ledgerbridge.claims-charset` is now `IBM037` in `application.yml`, and `ClaimsReader` takes the charset from that property instead of the shared default."),
        ("user", "oh wow ok. so the claims files are IBM037, the 1047 default is only right for the PREMCALC files. good to know. also one decision for the record since you'll ask again: we use Spring Batch's JDBC JobRepository on the shared Postgres, not the in-memory map one, so a failed night restarts from the failed chunk instead of from zero"),
        ("say", "Understood: the claims files are IBM037 for CLMEXTR and the other claims jobs, and PREMCALC's inputs stay on IBM-1047. The job repository is the JDBC JobRepository on the shared Postgres, so a restart resumes at the failed chunk. Commands to redeploy:\n\n```\noc apply -n ledgerbridge-uat -f deploy/jobs/clmextr-cronjob.yaml\noc create job -n ledgerbridge-uat clmextr-manual-3 --from=cronjob/clmextr\n```\n\nOnce it's through, I'd compare the extract with the legacy one using the parity runner."),
        ("user", "tomorrow. im going home"),
    ],
    "must_capture": [
        "concurrencypolicy: forbid",
        "keep the original names like step020",
        "don't run oc apply",
        "decoded its input as ibm-1047",
        "claims-charset",
        "runs after premcalc",
        "claims files are ibm037",
        "jdbc jobrepository",
        "claims_input_dir",
    ],
    "must_not_capture": [
        "in uat by tomorrow",
        "9 tests completed",
        "crashloopbackoff",
        "not memory then",
        "bumping it to 2gi",
        "paste `oc logs`",
        "input files are ebcdic ibm-1047",
        "im going home",
        "clmextr-manual-2",
    ],
}

SESSIONS = [SESSION_1, SESSION_2]
