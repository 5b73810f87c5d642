<?cs set:Page.Title = L.Status.Title ?>
<?cs # A space between words in English; none in Japanese. ?>
<?cs def:sp() ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs /def ?>
<?cs def:content() ?>
<h1><?cs var:L.Status.Title ?></h1>
<?cs if:Lookup.Locked ?>
<div class="error" role="alert" id="lookup-locked">
<h2><?cs var:L.Status.LockedTitle ?></h2>
<p><?cs var:L.Status.LockedBefore ?><?cs call:sp() ?><?cs var:Lookup.RetryAt ?><?cs call:sp() ?><?cs var:L.Status.LockedAt ?><?cs call:sp() ?><?cs var:Lookup.RetryMinutes ?><?cs call:sp() ?><?cs var:L.Status.LockedAfter ?></p>
</div>
<?cs elif:Lookup.Failed ?>
<div class="error" role="alert" id="lookup-failed"><p><?cs var:L.Status.Failed ?></p></div>
<?cs elif:Lookup.Expired ?>
<div class="notice" role="status" id="lookup-expired"><p><?cs var:L.Status.Expired ?></p></div>
<?cs /if ?>
<p><?cs var:L.Status.Intro ?></p>
<form method="post" action="<?cs var:Site.BasePath ?>/status">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<p><label for="ref"><?cs var:L.Status.Ref ?> <span class="req"><?cs var:L.Site.Required ?></span></label>
<span class="hint" id="ref-hint"><?cs var:L.Status.RefHint ?></span>
<input type="text" id="ref" name="ref" required autocomplete="off" aria-describedby="ref-hint" value="<?cs var:Lookup.Ref ?>"></p>
<p><label for="code"><?cs var:L.Status.Code ?> <span class="req"><?cs var:L.Site.Required ?></span></label>
<span class="hint" id="code-hint"><?cs var:L.Status.CodeHint ?></span>
<?cs # A normal text field: a 12-character code typed as dots on a phone
   is a trap (issue 23); the code is never shown back by the server. ?>
<input type="text" id="code" name="code" required autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false" aria-describedby="code-hint"></p>
<p><button type="submit" class="button"><?cs var:L.Status.Submit ?></button></p>
</form>
<h2><?cs var:L.Status.LostTitle ?></h2>
<p><?cs var:L.Status.Lost ?></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
