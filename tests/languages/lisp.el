;; The whitelist is read first: https://example.org/blob/master/x.md
(defvar slave-count 0)
(defvar note "see ; the dummy value")
(defvar webmaster 1)
