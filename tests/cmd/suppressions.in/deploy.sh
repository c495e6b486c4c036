#!/bin/sh
# ally:ignore-next-line master
git push origin master
echo "blacklist" # ally:ignore blacklist
echo "whitelist" # ally:ignore
