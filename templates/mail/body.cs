<?cs escape: "none" ?><?cs
# text/plain: no HTML escaping. Only the city, the reference number, one
# sentence of what happened, a day or an amount, and the status page's
# URL: never a name, an address, the request's content, reasons or the
# access code (issue 18; tests/integration/mail.test.mjs greps for them).
?><?cs var:Mail.City ?> <?cs var:L.Mail.System ?>

<?cs var:L.Mail.RefLabel ?> <?cs var:Mail.Ref ?>

<?cs var:L.Mail.T[Mail.Key].Line ?>
<?cs if:Mail.AnswerBy ?><?cs var:L.Mail.AnswerBy ?> <?cs var:Mail.AnswerBy ?>
<?cs /if ?><?cs if:Mail.DueOn && (Mail.Key == "extended" || Mail.Key == "special") ?><?cs var:L.Mail.DueOn ?> <?cs var:Mail.DueOn ?>
<?cs /if ?><?cs if:Mail.RestBy && Mail.Key == "special" ?><?cs var:L.Mail.RestBy ?> <?cs var:Mail.RestBy ?>
<?cs /if ?><?cs if:Mail.Amount && Mail.Key == "fee_due" ?><?cs var:L.Mail.Amount ?> <?cs var:Mail.Amount ?><?cs var:L.Mail.Yen ?>
<?cs /if ?>
<?cs if:Mail.Staff == "1" ?><?cs var:L.Mail.DeskLink ?>
<?cs var:Mail.DeskUrl ?>
<?cs else ?><?cs var:L.Mail.StatusLink ?>
<?cs var:Mail.Url ?>
<?cs /if ?>
--
<?cs var:L.Mail.Footer ?>
<?cs /escape ?>
