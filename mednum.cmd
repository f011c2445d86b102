@echo off
rem The `mednum` command from a checkout, on Windows: the bundled CLI (npm run build:electron first).
if not exist "%~dp0dist\electron\cli.js" call npm --prefix "%~dp0." run --silent build:electron 1>&2
node "%~dp0dist\electron\cli.js" %*
