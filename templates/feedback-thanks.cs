<?cs set:Page.Title = L.Feedback.ThanksTitle ?>
<?cs def:content() ?>
<h1><?cs var:L.Feedback.ThanksTitle ?></h1>
<p class="success"><?cs var:L.Feedback.ThanksText ?></p>
<p><a href="<?cs var:Feedback.Page ?>"><?cs var:L.Feedback.BackToPage ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
