<?cs # The page questionnaire. layout.cs includes it at the foot of every
   page; feedback-form.cs shows it again with the answers kept and errors
   beside the questions. The static pages in htdocs/ carry the same form as
   HTML. Fields: page, lang, understandable and findable (yes, neutral,
   no), comment; website is the honeypot. ?><?cs
if:Feedback.Page ?><?cs set:Fb.Page = Feedback.Page ?><?cs else ?><?cs set:Fb.Page = Req.Page ?><?cs /if ?>
<section class="feedback" aria-labelledby="feedback-title">
<h2 id="feedback-title"><?cs var:L.Feedback.Title ?></h2>
<form method="post" action="<?cs var:Site.BasePath ?>/feedback">
<?cs if:Csrf.Token ?><input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs /if ?><input type="hidden" name="page" value="<?cs var:Fb.Page ?>">
<input type="hidden" name="lang" value="<?cs var:Site.Lang ?>">
<p><?cs var:L.Feedback.Intro ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><span class="req"><?cs var:L.Feedback.Required ?></span><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Feedback.IntroAfter ?></p>
<fieldset<?cs if:Feedback.Error.Understandable ?> aria-describedby="feedback-understandable-error"<?cs /if ?>><legend><?cs var:L.Feedback.Understandable ?><span class="req"><?cs var:L.Feedback.Required ?></span></legend>
<?cs if:Feedback.Error.Understandable ?><p class="field-error" id="feedback-understandable-error"><?cs var:L.Feedback.ErrUnderstandable ?></p>
<?cs /if ?><label><input type="radio" id="feedback-understandable-yes" name="understandable" value="yes" required<?cs if:Feedback.Understandable == "yes" ?> checked<?cs /if ?>> <?cs var:L.Feedback.UYes ?></label>
<label><input type="radio" name="understandable" value="neutral"<?cs if:Feedback.Understandable == "neutral" ?> checked<?cs /if ?>> <?cs var:L.Feedback.UNeutral ?></label>
<label><input type="radio" name="understandable" value="no"<?cs if:Feedback.Understandable == "no" ?> checked<?cs /if ?>> <?cs var:L.Feedback.UNo ?></label></fieldset>
<fieldset<?cs if:Feedback.Error.Findable ?> aria-describedby="feedback-findable-error"<?cs /if ?>><legend><?cs var:L.Feedback.Findable ?><span class="req"><?cs var:L.Feedback.Required ?></span></legend>
<?cs if:Feedback.Error.Findable ?><p class="field-error" id="feedback-findable-error"><?cs var:L.Feedback.ErrFindable ?></p>
<?cs /if ?><label><input type="radio" id="feedback-findable-yes" name="findable" value="yes" required<?cs if:Feedback.Findable == "yes" ?> checked<?cs /if ?>> <?cs var:L.Feedback.FYes ?></label>
<label><input type="radio" name="findable" value="neutral"<?cs if:Feedback.Findable == "neutral" ?> checked<?cs /if ?>> <?cs var:L.Feedback.FNeutral ?></label>
<label><input type="radio" name="findable" value="no"<?cs if:Feedback.Findable == "no" ?> checked<?cs /if ?>> <?cs var:L.Feedback.FNo ?></label></fieldset>
<p><label for="feedback-comment"><?cs var:L.Feedback.Comment ?></label>
<?cs if:Feedback.Error.Comment ?><span class="field-error" id="feedback-comment-error"><?cs var:L.Feedback.ErrComment ?></span>
<?cs /if ?><textarea id="feedback-comment" name="comment" maxlength="500" rows="4"<?cs if:Feedback.Error.Comment ?> aria-invalid="true" aria-describedby="feedback-comment-error"<?cs /if ?>><?cs var:Feedback.Comment ?></textarea></p>
<p class="note"><?cs var:L.Feedback.Note ?></p>
<p class="honeypot" aria-hidden="true"><label>website <input type="text" name="website" tabindex="-1" autocomplete="off"></label></p>
<p><button type="submit" class="button"><?cs var:L.Feedback.Send ?></button></p>
</form>
</section>
