<?cs # The questionnaire again after a post with a missing answer or a
   comment over 500 characters: the errors first, then the form with what
   was given kept. ?><?cs set:Page.Title = L.Feedback.FormTitle ?>
<?cs def:content() ?>
<h1><?cs var:L.Feedback.FormTitle ?></h1>
<div class="error" id="feedback-errors">
<p><?cs var:L.Feedback.ErrorsIntro ?></p>
<ul>
<?cs if:Feedback.Error.Understandable ?><li><a href="#feedback-understandable-yes"><?cs var:L.Feedback.ErrUnderstandable ?></a></li>
<?cs /if ?><?cs if:Feedback.Error.Findable ?><li><a href="#feedback-findable-yes"><?cs var:L.Feedback.ErrFindable ?></a></li>
<?cs /if ?><?cs if:Feedback.Error.Comment ?><li><a href="#feedback-comment"><?cs var:L.Feedback.ErrComment ?></a></li>
<?cs /if ?></ul>
</div>
<p><?cs var:L.Feedback.AboutPage ?> <a href="<?cs var:Feedback.Page ?>"><?cs var:Feedback.Page ?></a></p>
<?cs include:"feedback-block.cs" ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
