<?cs # A post refused: too many from one client (429), the honeypot
   filled, or a page that is not ours (400). Feedback.Reason names which. ?><?cs
set:Page.Title = L.Feedback.Rejected[Feedback.Reason].Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Feedback.Rejected[Feedback.Reason].Title ?></h1>
<p class="error"><?cs var:L.Feedback.Rejected[Feedback.Reason].Text ?></p>
<?cs if:Feedback.Page ?><p><a href="<?cs var:Feedback.Page ?>"><?cs var:L.Feedback.BackToPage ?></a></p>
<?cs else ?><p><a href="<?cs var:Site.BasePath ?>/<?cs if:Site.Lang == "en" ?>en/<?cs /if ?>"><?cs var:L.Error.Back ?></a></p>
<?cs /if ?><?cs /def ?>
<?cs include:"layout.cs" ?>
