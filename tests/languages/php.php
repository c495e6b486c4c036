<?php
// The whitelist is read first: https://example.org/blob/master/x.md
$slaveCount = 0;
$note = 'see # the dummy value';
$webmaster = 1;
