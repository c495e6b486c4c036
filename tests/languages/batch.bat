REM The whitelist is read first: https://example.org/blob/master/x.md
set SLAVE_COUNT=0
echo "see :: the dummy value"
set webmaster=1
