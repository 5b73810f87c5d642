<section class="feedback" aria-labelledby="feedback-title">
<h2 id="feedback-title"><?cs var:L.Feedback.Title ?></h2>
<form method="post" action="<?cs var:Site.BasePath ?>/feedback">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<input type="hidden" name="page" value="<?cs var:Req.Page ?>">
<input type="hidden" name="lang" value="<?cs var:Site.Lang ?>">
<p><?cs var:L.Feedback.Intro ?><span class="req"><?cs var:L.Feedback.Required ?></span><?cs var:L.Feedback.IntroAfter ?></p>
<fieldset><legend><?cs var:L.Feedback.Understandable ?><span class="req"><?cs var:L.Feedback.Required ?></span></legend>
<label><input type="radio" name="understandable" value="yes" required> <?cs var:L.Feedback.UYes ?></label>
<label><input type="radio" name="understandable" value="neutral"> <?cs var:L.Feedback.UNeutral ?></label>
<label><input type="radio" name="understandable" value="no"> <?cs var:L.Feedback.UNo ?></label></fieldset>
<fieldset><legend><?cs var:L.Feedback.Findable ?><span class="req"><?cs var:L.Feedback.Required ?></span></legend>
<label><input type="radio" name="findable" value="yes" required> <?cs var:L.Feedback.FYes ?></label>
<label><input type="radio" name="findable" value="neutral"> <?cs var:L.Feedback.FNeutral ?></label>
<label><input type="radio" name="findable" value="no"> <?cs var:L.Feedback.FNo ?></label></fieldset>
<p><label for="feedback-comment"><?cs var:L.Feedback.Comment ?></label>
<textarea id="feedback-comment" name="comment" maxlength="500" rows="4"></textarea></p>
<p class="note"><?cs var:L.Feedback.Note ?></p>
<p class="honeypot" aria-hidden="true"><label>website <input type="text" name="website" tabindex="-1" autocomplete="off"></label></p>
<p><button type="submit" class="button"><?cs var:L.Feedback.Send ?></button></p>
</form>
</section>
