<?cs set:Page.Title = L.Pay.ReturnTitle ?>
<?cs def:content() ?>
<h1><?cs var:L.Pay.ReturnTitle ?></h1>
<?cs include:"pay-sandbox.cs" ?>
<p class="<?cs if:Pay.State == "paid" ?>notice<?cs else ?>warning<?cs /if ?>" id="pay-state" data-state="<?cs var:Pay.State ?>"><?cs if:Pay.Cancelled && Pay.State == "redirected" ?><?cs var:L.Pay.State.cancelled ?><?cs else ?><?cs var:L.Pay.State[Pay.State] ?><?cs /if ?></p>
<?cs if:Pay.Unconfirmed ?><p class="warning"><?cs var:L.Pay.Unconfirmed ?></p><?cs /if ?>
<p><?cs var:L.Pay.Amount ?>: <?cs var:Pay.Amount ?><?cs var:L.Pay.Yen ?></p>
<p><a class="button" id="back-to-status" href="<?cs var:Site.BasePath ?>/status/view"><?cs var:L.Pay.BackToStatus ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
