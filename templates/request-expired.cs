<?cs set:Page.Title = L.Request.Expired.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Request.Expired.Title ?></h1>
<p><?cs var:L.Request.Expired.Text ?></p>
<p><a class="button" href="<?cs var:Site.BasePath ?>/request"><?cs var:L.Request.Expired.Again ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
