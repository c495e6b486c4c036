#!/bin/sh
# The whitelist is read first: https://example.org/blob/master/x.md
slave_count=0
note="see # the dummy value"
cat <<EOF
a dummy heredoc
EOF
echo "$#" webmaster
