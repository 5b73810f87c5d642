<?cs escape: "none" ?>
<?cs # One line: the city, what happened, the reference number. The
   sender folds it into RFC 2047 encoded-words (lib/mail.h). ?>
[<?cs var:Mail.City ?>] <?cs var:L.Mail.T[Mail.Key].Subject ?> (<?cs var:Mail.Ref ?>)
<?cs /escape ?>
