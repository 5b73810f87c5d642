<?cs set:Page.Title = L.Feedback.PageTitle ?>
<?cs def:content() ?>
<h1><?cs var:L.Feedback.PageTitle ?></h1>
<p><?cs var:L.Feedback.PageText ?></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
