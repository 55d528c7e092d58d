;;; eglot.el --- Emacs (batch) with eglot as an LSP client of the built server  -*- lexical-binding: t -*-
;; server/test/emacs.test.ts runs it: `emacs --batch -l eglot.el SERVER FILE OUT`. It opens
;; FILE in c-mode, connects eglot to `node SERVER --stdio`, asks for the hover on the outer
;; loop of conv.c, lists the code actions there and runs the first "Reorder loops to" one the
;; way eglot's own `M-x eglot-code-actions' does (eglot 1.9 does not resolve an action's
;; edit: the server gives such clients a command, which comes back as workspace/applyEdit),
;; then writes the buffer to OUT.c and what it saw to OUT.
(require 'eglot)
;; eglot asks before applying an edit the server sends (y-or-n-p): batch mode has nobody to answer.
(setq eglot-confirm-server-initiated-edits nil)
(let* ((server (nth 0 command-line-args-left))
       (file (nth 1 command-line-args-left))
       (out (nth 2 command-line-args-left))
       (seen '()))
  (setq command-line-args-left nil)
  (cl-flet ((say (s) (push s seen)))
    (find-file file)
    (c-mode)
    (let ((conn (eglot '(c-mode) (cons 'transient (file-name-directory file)) 'eglot-lsp-server
                       (list "node" server "--stdio") "c")))
      (say (format "connected %s" (and conn t)))
      (goto-char (point-min))
      (forward-line 26)
      (forward-char 5)
      (let ((hover (jsonrpc-request conn :textDocument/hover (eglot--TextDocumentPositionParams))))
        (say (concat "HOVER " (plist-get (plist-get hover :contents) :value))))
      (let* ((actions (eglot-code-actions (point) (point)))
             (reorder (seq-find (lambda (a) (and (not (plist-get a :disabled))
                                                 (string-prefix-p "Reorder loops to" (plist-get a :title))))
                                actions)))
        (dolist (a actions) (say (concat "ACTION " (plist-get a :title))))
        (when reorder
          ;; With an action kind and a single action, eglot runs it without asking.
          (eglot--read-execute-code-action (list reorder) conn (plist-get reorder :kind))
          (say (concat "APPLIED " (plist-get reorder :title)))))
      (write-region (point-min) (point-max) (concat out ".c"))
      (with-temp-file out (insert (mapconcat #'identity (reverse seen) "\n") "\n"))
      (eglot-shutdown conn))))
(kill-emacs 0)
