<?cs set:Page.Title = L.Error[Error.Key].Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Error[Error.Key].Title ?></h1>
<p class="error"><?cs var:L.Error[Error.Key].Text ?></p>
<p><?cs var:L.Error.Code ?> <?cs var:Error.Status ?></p>
<p><a href="<?cs var:Site.BasePath ?>/"><?cs var:L.Error.Back ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
