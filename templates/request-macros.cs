<?cs # Pieces the request pages share. Field names come from the code's
   field table; labels, hints and messages from lang/*-request.hdf. ?>
<?cs def:ptext(ja, en) ?><?cs if:Site.Lang == "en" && en ?><?cs var:en ?><?cs else ?><?cs var:ja ?><?cs /if ?><?cs /def ?>
<?cs def:pname(node) ?><?cs if:Site.Lang == "en" && node.NameEn ?><?cs var:node.NameEn ?><?cs else ?><?cs var:node.Name ?><?cs /if ?><?cs /def ?>

<?cs def:steps(step) ?>
<ol class="steps no-print" aria-label="<?cs var:L.Request.Steps.Label ?>">
<?cs set:names.1 = L.Request.Steps.Kind ?><?cs set:names.2 = L.Request.Steps.Input ?><?cs set:names.3 = L.Request.Steps.Confirm ?><?cs if:Form.Online == "1" ?><?cs set:names.4 = L.Request.Steps.Done ?><?cs else ?><?cs set:names.4 = L.Request.Steps.Print ?><?cs /if ?>
<?cs loop:i = 1, 4, 1 ?><li<?cs if:i < step ?> class="done"<?cs elif:i == step ?> aria-current="step"<?cs /if ?>><?cs var:names[i] ?><?cs if:i == step ?><span class="visually-hidden"><?cs var:L.Request.Steps.Current ?></span><?cs /if ?></li><?cs /loop ?>
</ol>
<?cs /def ?>

<?cs def:req_mark() ?> <span class="req"><?cs var:L.Site.Required ?></span><?cs /def ?>

<?cs def:described(n) ?><?cs if:L.Request.H[n] || E[n] ?> aria-describedby="<?cs if:E[n] ?>e-<?cs var:n ?><?cs /if ?><?cs if:L.Request.H[n] && E[n] ?> <?cs /if ?><?cs if:L.Request.H[n] ?>h-<?cs var:n ?><?cs /if ?>"<?cs /if ?><?cs if:E[n] ?> aria-invalid="true"<?cs /if ?><?cs /def ?>

<?cs def:label(n, required) ?>
<label for="f-<?cs var:n ?>"><?cs var:L.Request.F[n] ?><?cs if:required ?><?cs call:req_mark() ?><?cs /if ?></label>
<?cs if:L.Request.H[n] ?><span class="hint" id="h-<?cs var:n ?>"><?cs var:L.Request.H[n] ?></span><?cs /if ?>
<?cs if:E[n] ?><span class="field-error" id="e-<?cs var:n ?>"><?cs var:E[n] ?></span><?cs /if ?>
<?cs /def ?>

<?cs def:text(n, type, required, auto, cls) ?>
<div class="field">
<?cs call:label(n, required) ?>
<input type="<?cs var:type ?>" id="f-<?cs var:n ?>" name="<?cs var:n ?>" value="<?cs var:V[n] ?>"<?cs if:cls ?> class="<?cs var:cls ?>"<?cs /if ?><?cs if:auto ?> autocomplete="<?cs var:auto ?>"<?cs /if ?><?cs if:required ?> aria-required="true"<?cs /if ?><?cs call:described(n) ?>>
</div>
<?cs /def ?>

<?cs def:area(n, required) ?>
<div class="field">
<?cs call:label(n, required) ?>
<textarea id="f-<?cs var:n ?>" name="<?cs var:n ?>" rows="5"<?cs if:required ?> aria-required="true"<?cs /if ?><?cs call:described(n) ?>><?cs var:V[n] ?></textarea>
</div>
<?cs /def ?>

<?cs # A group error (documents) shown inside its fieldset. ?>
<?cs def:group_error(n) ?><?cs if:E[n] ?><p class="field-error" id="e-<?cs var:n ?>"><?cs var:E[n] ?></p><?cs /if ?><?cs /def ?>

<?cs def:error_summary() ?>
<?cs if:subcount(Errors) > 0 ?>
<div class="error" role="alert" id="errors">
<h2><?cs var:L.Request.ErrorsTitle ?></h2>
<p><?cs var:L.Request.ErrorsIntro ?></p>
<ul>
<?cs each:e = Errors ?><li><a href="#<?cs if:string.slice(e.Field, 0, 9) == "documents" ?>documents<?cs else ?>f-<?cs var:e.Field ?><?cs /if ?>"><?cs var:e.Label ?></a><?cs var:L.Request.Sep ?> <?cs var:e.Msg ?></li><?cs /each ?>
</ul>
</div>
<?cs /if ?>
<?cs /def ?>

<?cs # One row of the confirm, receipt and print tables. ?>
<?cs def:row(label, value) ?><tr><th scope="row"><?cs var:label ?></th><td><?cs if:value ?><?cs var:value ?><?cs else ?><span class="note"><?cs var:L.Request.NotGiven ?></span><?cs /if ?></td></tr><?cs /def ?>
<?cs def:row_text(label, value) ?><tr><th scope="row"><?cs var:label ?></th><td class="pre"><?cs if:value ?><?cs var:value ?><?cs else ?><span class="note"><?cs var:L.Request.NotGiven ?></span><?cs /if ?></td></tr><?cs /def ?>
