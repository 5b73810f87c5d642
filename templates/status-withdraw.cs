<?cs set:Page.Title = L.Withdraw.Title ?>
<?cs set:Page.Parent = L.View.Title ?>
<?cs set:Page.ParentPath = "/status/view" ?>
<?cs def:content() ?>
<h1><?cs var:L.Withdraw.Title ?></h1>
<div class="warning"><p><?cs var:L.Withdraw.Text ?></p></div>
<dl>
<dt><?cs var:L.View.Ref ?></dt><dd><?cs var:Case.Ref ?></dd>
<dt><?cs var:L.View.Kind ?></dt><dd><?cs if:Case.KindName ?><?cs var:Case.KindName ?><?cs else ?><?cs var:Case.Kind ?><?cs /if ?></dd>
<dt><?cs var:L.View.Agency ?></dt><dd><?cs var:Case.Agency ?></dd>
<dt><?cs var:L.View.Received ?></dt><dd><?cs var:Case.ReceivedOn ?></dd>
</dl>
<form method="post" action="<?cs var:Site.BasePath ?>/status/withdraw">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<p class="actions"><button type="submit" class="button"><?cs var:L.Withdraw.Confirm ?></button>
<a class="button-secondary" href="<?cs var:Site.BasePath ?>/status/view"><?cs var:L.Withdraw.Cancel ?></a></p>
</form>
<?cs /def ?>
<?cs include:"layout.cs" ?>
