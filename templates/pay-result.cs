<?cs set:Page.Title = L.Pay.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Pay.Title ?></h1>
<?cs include:"pay-sandbox.cs" ?>
<p class="notice" id="pay-result" data-result="<?cs var:Pay.Result ?>"><?cs var:L.Pay.Result[Pay.Result] ?></p>
<?cs if:Pay.Result == "below_minimum" ?><p><?cs var:L.Pay.MinimumIs ?> <?cs var:Pay.MinYen ?><?cs var:L.Pay.Yen ?></p><?cs /if ?>
<p><a href="<?cs var:Site.BasePath ?>/pay/"><?cs var:L.Pay.OtherMethods ?></a></p>
<p><a id="back-to-status" href="<?cs var:Site.BasePath ?>/status/view"><?cs var:L.Pay.BackToStatus ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
