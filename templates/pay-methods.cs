<?cs set:Page.Title = L.Pay.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Pay.Title ?></h1>
<?cs include:"pay-sandbox.cs" ?>
<p><?cs var:L.Pay.Intro ?></p>
<ul>
<?cs each:m = City.Payment.Methods ?><li><?cs var:L.Pay.Methods[m] ?></li>
<?cs /each ?>
</ul>
<?cs if:Pay.Fee.State ?>
<h2><?cs var:L.Pay.YourFee ?></h2>
<p class="fee"><?cs var:L.Pay.Amount ?>: <strong><?cs var:Pay.Fee.Amount ?><?cs var:L.Pay.Yen ?></strong>
(<?cs var:L.Pay.FeeState[Pay.Fee.State] ?>)</p>
<?cs if:Pay.Offer == "ok" ?>
<form method="post" action="<?cs var:Site.BasePath ?>/pay/start">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs if:Pay.Fee.Part == "rest" ?><input type="hidden" name="part" value="rest"><?cs /if ?>
<p><button type="submit" class="button"><?cs var:L.Pay.PayOnline ?></button></p>
<p class="hint"><?cs var:L.Pay.PayOnlineHint ?></p>
<?cs if:Pay.Agent ?><p class="note" id="pay-agent"><?cs var:L.PayAgent.Before ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:Pay.Agent ?><?cs var:L.PayAgent.After ?><?cs if:Pay.AgentNotice ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.PayAgent.Notice ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:Pay.AgentNotice ?><?cs var:L.PayAgent.NoticeEnd ?><?cs /if ?></p><?cs /if ?>
</form>
<?cs elif:Pay.Offer ?>
<p class="notice"><?cs var:L.Pay.Offer[Pay.Offer] ?></p>
<?cs /if ?>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
