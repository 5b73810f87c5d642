<?cs escape: "none" ?><?cs
# text/plain: no HTML escaping. Only the city, the reference number, one
# sentence of what happened, a day or an amount, and the status page's
# URL: never a name, an address, the request's content, reasons or the
# access code (issue 18; tests/integration/mail.test.mjs greps for them).
# The staff digest lists reference numbers, kinds, due dates and the desk's
# case pages (lib/digest.h).
?><?cs var:Mail.City ?> <?cs var:L.Mail.System ?>

<?cs if:Mail.Key == "digest" ?><?cs var:L.Mail.Digest.AsOf ?><?cs var:Mail.Sp ?><?cs var:Mail.Day ?><?cs var:L.Mail.Digest.Lead ?><?cs var:Mail.Sp ?><?cs var:Mail.OpenDays ?><?cs var:Mail.Sp ?><?cs var:L.Mail.Digest.LeadEnd ?>
<?cs each:i = Mail.Items ?>
<?cs var:L.Mail.RefLabel ?> <?cs var:i.Ref ?> <?cs var:i.Kind ?><?cs if:i.Rest == "1" ?><?cs var:Mail.Sp ?><?cs var:L.Mail.Digest.Rest ?><?cs /if ?>
  <?cs var:L.Mail.Digest.DueOn ?> <?cs var:i.DueOn ?> <?cs if:i.State == "overdue" ?><?cs var:L.Mail.Digest.Overdue ?><?cs var:Mail.Sp ?><?cs var:i.Days ?><?cs var:Mail.Sp ?><?cs var:L.Mail.Digest.OverdueEnd ?><?cs elif:i.State == "today" ?><?cs var:L.Mail.Digest.Today ?><?cs else ?><?cs var:L.Mail.Digest.Left ?><?cs var:Mail.Sp ?><?cs var:i.Days ?><?cs var:L.Mail.Digest.LeftEnd ?><?cs /if ?>
  <?cs var:i.Url ?>
<?cs /each ?><?cs if:Mail.More > 0 ?>
<?cs var:L.Mail.Digest.More ?><?cs var:Mail.Sp ?><?cs var:Mail.More ?><?cs var:Mail.Sp ?><?cs var:L.Mail.Digest.MoreEnd ?>
<?cs /if ?><?cs else ?><?cs var:L.Mail.RefLabel ?> <?cs var:Mail.Ref ?>

<?cs var:L.Mail.T[Mail.Key].Line ?>
<?cs if:Mail.AnswerBy ?><?cs var:L.Mail.AnswerBy ?> <?cs var:Mail.AnswerBy ?>
<?cs /if ?><?cs if:Mail.DueOn && (Mail.Key == "extended" || Mail.Key == "special") ?><?cs var:L.Mail.DueOn ?> <?cs var:Mail.DueOn ?>
<?cs /if ?><?cs if:Mail.RestBy && Mail.Key == "special" ?><?cs var:L.Mail.RestBy ?> <?cs var:Mail.RestBy ?>
<?cs /if ?><?cs if:Mail.Amount && Mail.Key == "fee_due" ?><?cs var:L.Mail.Amount ?> <?cs var:Mail.Amount ?><?cs var:L.Mail.Yen ?>
<?cs /if ?><?cs /if ?>
<?cs if:Mail.Staff == "1" ?><?cs var:L.Mail.DeskLink ?>
<?cs var:Mail.DeskUrl ?>
<?cs else ?><?cs var:L.Mail.StatusLink ?>
<?cs var:Mail.Url ?>
<?cs /if ?>
--
<?cs if:Mail.Staff == "1" ?><?cs var:L.Mail.StaffFooter ?><?cs else ?><?cs var:L.Mail.Footer ?><?cs /if ?>
<?cs /escape ?>
