<?cs escape: "none" ?>
<?cs # One line: the city, what happened, the reference number (the staff
   digest: the day and how many). The sender folds it into RFC 2047
   encoded-words (lib/mail.h). ?>
<?cs if:Mail.Key == "digest" ?>[<?cs var:Mail.City ?>] <?cs var:L.Mail.T.digest.Subject ?> <?cs var:Mail.Total ?><?cs var:L.Mail.Digest.Cases ?> (<?cs var:Mail.Day ?>)
<?cs else ?>[<?cs var:Mail.City ?>] <?cs var:L.Mail.T[Mail.Key].Subject ?> (<?cs var:Mail.Ref ?>)
<?cs /if ?>
<?cs /escape ?>
