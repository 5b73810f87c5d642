<?cs include:"request-macros.cs" ?>
<?cs include:"request-summary.cs" ?>
<?cs set:Page.Title = L.Request.ConfirmTitle ?>
<?cs set:Page.NoFeedback = 1 ?>
<?cs def:content() ?>
<h1><?cs var:L.Request.ConfirmTitle ?></h1>
<?cs call:steps(3) ?>
<?cs if:Form.Online == "1" ?>
<p class="notice"><?cs var:L.Request.ConfirmIntro ?></p>
<?cs else ?>
<p class="notice"><?cs var:L.Request.ConfirmIntroCounter ?></p>
<?cs /if ?>
<?cs call:summary() ?>
<?cs if:Form.Online == "1" && Form.Due ?><p><?cs var:L.Request.DuePreview ?> <?cs var:Form.Due ?></p><?cs /if ?>
<?cs if:Form.Online == "1" ?>
<form method="post" action="<?cs var:Site.BasePath ?>/request/submit">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<p><button type="submit"><?cs var:L.Request.Submit ?></button></p>
</form>
<p><a class="button button-secondary" href="<?cs var:Site.BasePath ?>/request/form"><?cs var:L.Request.Back ?></a></p>
<?cs else ?>
<form method="post" action="<?cs var:Site.BasePath ?>/request/print">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs each:v = V ?><input type="hidden" name="<?cs var:name(v) ?>" value="<?cs var:v ?>">
<?cs /each ?>
<p><button type="submit"><?cs var:L.Request.PrintNext ?></button></p>
</form>
<form method="post" action="<?cs var:Site.BasePath ?>/request/form">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<input type="hidden" name="back" value="1">
<?cs each:v = V ?><input type="hidden" name="<?cs var:name(v) ?>" value="<?cs var:v ?>">
<?cs /each ?>
<p><button type="submit" class="button-secondary"><?cs var:L.Request.Back ?></button></p>
</form>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
