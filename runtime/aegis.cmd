@echo off
rem Aegis launcher for Windows: run aegis.pyz (next to this file) with a real CPython.
rem
rem `python3` is often missing on Windows or is the Microsoft Store stub (prints an
rem install hint on stderr, exits 9009). Tried in order: %AEGIS_PYTHON%; the interpreter
rem found last time (cached in %LOCALAPPDATA%\aegis\python-path.txt); `py -3` (the
rem python.org launcher); python3; python. A candidate counts only if it runs and is
rem Python 3.9+, which rules the Store stub out. The result is cached, so after the
rem first run a hook starts exactly one process. Hooks must never fail Claude Code:
rem with no interpreter, `hook` calls print one line on stderr and exit 0.
setlocal EnableExtensions EnableDelayedExpansion
set "PYZ=%~dp0aegis.pyz"
set "CACHE=%LOCALAPPDATA%\aegis\python-path.txt"
set "PY=%AEGIS_PYTHON%"
if defined PY goto run
if exist "%CACHE%" set /p PY=<"%CACHE%"
if defined PY if exist "!PY!" goto run
set "PY="
for %%C in ("py -3" "python3" "python") do (
    if not defined PY (
        for /f "usebackq delims=" %%P in (`%%~C -c "import sys; sys.version_info >= (3, 9) and print(sys.executable)" 2^>nul`) do (
            if not defined PY set "PY=%%P"
        )
    )
)
if not defined PY (
    echo aegis: no Python 3.9+ found ^(tried py -3, python3, python^); install it from python.org or set AEGIS_PYTHON 1>&2
    if /i "%~1"=="hook" exit /b 0
    exit /b 1
)
if not exist "%LOCALAPPDATA%\aegis" mkdir "%LOCALAPPDATA%\aegis" >nul 2>&1
(echo !PY!)>"%CACHE%" 2>nul
:run
"!PY!" "%PYZ%" %*
exit /b !ERRORLEVEL!
