<?cs include:"request-macros.cs" ?>
<?cs set:Page.Title = Form.KindName + L.Request.InputTitle ?>
<?cs # No page questionnaire under a form half filled: sending it would
   leave the form and lose what was typed (issue 23). ?>
<?cs set:Page.NoFeedback = 1 ?>
<?cs def:grounds() ?>
<fieldset id="f-ground-group"<?cs if:E.ground ?> aria-describedby="e-ground"<?cs /if ?>>
<legend><?cs var:L.Request.F.ground ?><?cs call:req_mark() ?></legend>
<?cs if:E.ground ?><span class="field-error" id="e-ground"><?cs var:E.ground ?></span><?cs /if ?>
<?cs each:g = Grounds ?><label class="option"><input type="radio" name="ground" value="<?cs var:g ?>" id="f-ground<?cs if:!first(g) ?>-<?cs var:g ?><?cs /if ?>"<?cs if:V.ground == g ?> checked<?cs /if ?>> <?cs var:L.Request.Ground[g] ?></label><?cs /each ?>
</fieldset>
<?cs /def ?>
<?cs def:slot(s) ?><?cs set:dn = "doc" + s ?><?cs set:kn = "dockind" + s ?>
<div class="field slot">
<?cs call:label(kn, 0) ?>
<select id="f-<?cs var:kn ?>" name="<?cs var:kn ?>"<?cs call:described(kn) ?>>
<option value=""><?cs var:L.Request.Docs.Choose ?></option>
<?cs each:d = City.Identity.Doc ?><option value="<?cs var:name(d) ?>"<?cs if:V[kn] == name(d) ?> selected<?cs /if ?>><?cs call:pname(d) ?></option><?cs /each ?>
<option value="other"><?cs var:L.Request.OtherDoc ?></option>
</select>
<?cs call:label(dn, 0) ?>
<input type="file" id="f-<?cs var:dn ?>" name="<?cs var:dn ?>" accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"<?cs call:described(dn) ?>>
</div>
<?cs /def ?>
<?cs def:content() ?>
<h1><?cs var:Form.KindName ?><?cs var:L.Request.InputTitle ?></h1>
<?cs call:steps(2) ?>
<?cs call:error_summary() ?>
<p><span class="req"><?cs var:L.Site.Required ?></span> <?cs var:L.Request.RequiredNote ?></p>
<?cs if:Form.Online != "1" ?><p class="notice"><?cs var:L.Request.CounterOnly ?></p><?cs /if ?>
<p><?cs var:L.Request.KindNow ?> <strong><?cs var:Form.KindName ?></strong> <a href="<?cs var:Site.BasePath ?>/request"><?cs var:L.Request.ChangeKind ?></a></p>

<form method="post" action="<?cs var:Site.BasePath ?>/request/form"<?cs if:Form.Online == "1" ?> enctype="multipart/form-data"<?cs /if ?> novalidate>
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<input type="hidden" name="kind" value="<?cs var:Form.Kind ?>">
<?cs if:V.file ?><input type="hidden" name="file" value="<?cs var:V.file ?>"><?cs /if ?>

<fieldset>
<legend><?cs var:L.Request.Sec.What ?></legend>
<div class="field">
<?cs call:label("agency", 1) ?>
<?cs # Which body holds what (the profile's Holds, else the usual line for
   the body's id), and the body to choose when unsure: the mayor
   (the mayor or ward mayor), who passes a request on. ?>
<div class="hint" id="h-agency">
<?cs if:City.Agency.mayor.Name ?><p><?cs var:L.Request.AgencyUnsure ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><strong><?cs call:pname(City.Agency.mayor) ?></strong><?cs var:L.Request.AgencyUnsureAfter ?></p><?cs /if ?>
<details class="fold" id="agency-holds">
<summary><?cs var:L.Request.Fold.Agencies ?></summary>
<ul class="agency-holds">
<?cs each:a = City.Agency ?><?cs if:a.Holds || L.Request.Holds[name(a)] ?><li><?cs call:pname(a) ?><?cs var:L.Request.Sep ?><?cs if:a.Holds ?><?cs call:ptext(a.Holds, a.HoldsEn) ?><?cs else ?><?cs var:L.Request.Holds[name(a)] ?><?cs /if ?></li><?cs /if ?><?cs /each ?>
</ul>
</details>
</div>
<select id="f-agency" name="agency" aria-required="true" aria-describedby="<?cs if:E.agency ?>e-agency <?cs /if ?>h-agency"<?cs if:E.agency ?> aria-invalid="true"<?cs /if ?>>
<option value=""><?cs var:L.Request.Docs.Choose ?></option>
<?cs each:a = City.Agency ?><option value="<?cs var:name(a) ?>"<?cs if:V.agency == name(a) ?> selected<?cs /if ?>><?cs call:pname(a) ?></option><?cs /each ?>
</select>
</div>
<?cs call:text("department", "text", 0, "", "medium") ?>
<?cs call:area("sought", 1) ?>
</fieldset>

<?cs if:Form.FollowUp ?>
<fieldset>
<legend><?cs var:L.Request.Sec.FollowUp ?></legend>
<p class="hint"><?cs var:Form.FollowUpText ?></p>
<?cs call:text("disclosure_received_on", "text", 0, "off", "short") ?>
<?cs call:text("follows_ref", "text", 0, "off", "short") ?>
</fieldset>
<?cs /if ?>

<?cs if:Form.Kind == "correction" ?>
<fieldset>
<legend><?cs var:L.Request.Sec.Correction ?></legend>
<?cs call:area("wrong", 1) ?>
<?cs call:area("should_be", 1) ?>
</fieldset>
<?cs elif:Form.Kind != "disclosure" ?>
<fieldset>
<legend><?cs var:L.Request.Sec.Stop ?></legend>
<?cs call:grounds() ?>
<?cs call:area("stop", 1) ?>
</fieldset>
<?cs /if ?>

<fieldset>
<legend><?cs var:L.Request.Sec.Requester ?></legend>
<p class="hint"><?cs var:L.Request.Sec.RequesterNote ?></p>
<?cs call:text("name", "text", 1, "name", "medium") ?>
<?cs call:text("furigana", "text", 1, "off", "medium") ?>
<?cs call:text("postal", "text", 1, "postal-code", "short") ?>
<?cs call:text("address", "text", 1, "street-address", "") ?>
<?cs call:text("phone", "tel", 1, "tel", "medium") ?>
<?cs call:text("email", "email", 0, "email", "medium") ?>
</fieldset>

<?cs if:City.Agent.Legal == "1" || City.Agent.Voluntary == "1" ?>
<?cs # Folded for a person asking for herself; open once an agent is
   chosen or one of its fields has an error. ?>
<?cs set:agent_open = V.agent == "legal" || V.agent == "voluntary" || E.agent || E.agent_relation || E.agent_name || E.agent_furigana || E.agent_postal || E.agent_address || E.agent_phone || E.agent_email || E.documents_agent ?>
<details class="fold" id="agent-section"<?cs if:agent_open ?> open<?cs /if ?>>
<summary><?cs var:L.Request.Fold.Agent ?></summary>
<fieldset>
<legend><?cs var:L.Request.Sec.Agent ?></legend>
<fieldset id="f-agent-group"<?cs if:E.agent ?> aria-describedby="e-agent"<?cs /if ?>>
<legend><?cs var:L.Request.F.agent ?></legend>
<?cs if:E.agent ?><span class="field-error" id="e-agent"><?cs var:E.agent ?></span><?cs /if ?>
<label class="option"><input type="radio" name="agent" value="none" id="f-agent"<?cs if:V.agent == "none" || !V.agent ?> checked<?cs /if ?>> <?cs var:L.Request.Agent.none ?></label>
<?cs if:City.Agent.Legal == "1" ?><label class="option"><input type="radio" name="agent" value="legal" id="f-agent-legal"<?cs if:V.agent == "legal" ?> checked<?cs /if ?>> <?cs var:L.Request.Agent.legal ?> (<?cs var:L.Request.Agent.legal_hint ?>)</label><?cs /if ?>
<?cs if:City.Agent.Voluntary == "1" ?><label class="option"><input type="radio" name="agent" value="voluntary" id="f-agent-voluntary"<?cs if:V.agent == "voluntary" ?> checked<?cs /if ?>> <?cs var:L.Request.Agent.voluntary ?> (<?cs var:L.Request.Agent.voluntary_hint ?>)</label><?cs /if ?>
</fieldset>
<ul class="note">
<?cs if:City.Agent.Legal == "1" ?><li><?cs var:L.Request.Agent.legal ?><?cs var:L.Request.Sep ?> <?cs if:City.Agent.LegalCondition ?><?cs var:L.Request.Agent.Condition ?> <?cs call:ptext(City.Agent.LegalCondition, City.Agent.LegalConditionEn) ?> <?cs /if ?><?cs if:City.Agent.LegalProof ?><?cs var:L.Request.Agent.Proof ?> <?cs call:ptext(City.Agent.LegalProof, City.Agent.LegalProofEn) ?><?cs /if ?></li><?cs /if ?>
<?cs if:City.Agent.Voluntary == "1" ?><li><?cs var:L.Request.Agent.voluntary ?><?cs var:L.Request.Sep ?> <?cs if:City.Agent.VoluntaryCondition ?><?cs var:L.Request.Agent.Condition ?> <?cs call:ptext(City.Agent.VoluntaryCondition, City.Agent.VoluntaryConditionEn) ?> <?cs /if ?><?cs if:City.Agent.VoluntaryProof ?><?cs var:L.Request.Agent.Proof ?> <?cs call:ptext(City.Agent.VoluntaryProof, City.Agent.VoluntaryProofEn) ?><?cs /if ?></li><?cs /if ?>
<?cs if:City.Agent.Note ?><li><?cs call:ptext(City.Agent.Note, City.Agent.NoteEn) ?></li><?cs /if ?>
</ul>
<p><?cs var:L.Request.Agent.FieldsNote ?></p>
<?cs if:City.Agent.Legal == "1" ?>
<fieldset id="f-agent_relation-group"<?cs if:E.agent_relation ?> aria-describedby="e-agent_relation"<?cs /if ?>>
<legend><?cs var:L.Request.F.agent_relation ?> <span class="req"><?cs var:L.Request.Agent.RequiredIfLegal ?></span></legend>
<?cs if:E.agent_relation ?><span class="field-error" id="e-agent_relation"><?cs var:E.agent_relation ?></span><?cs /if ?>
<label class="option"><input type="radio" name="agent_relation" value="parent" id="f-agent_relation"<?cs if:V.agent_relation == "parent" ?> checked<?cs /if ?>> <?cs var:L.Request.Agent.parent ?></label>
<label class="option"><input type="radio" name="agent_relation" value="guardian" id="f-agent_relation-guardian"<?cs if:V.agent_relation == "guardian" ?> checked<?cs /if ?>> <?cs var:L.Request.Agent.guardian ?></label>
</fieldset>
<?cs /if ?>
<?cs if:City.Agent.Voluntary == "1" && City.Agent.VoluntaryCondition ?><?cs call:area("agent_reason", 0) ?><?cs /if ?>
<?cs call:text("agent_name", "text", 0, "off", "medium") ?>
<?cs call:text("agent_furigana", "text", 0, "off", "medium") ?>
<?cs call:text("agent_postal", "text", 0, "off", "short") ?>
<?cs call:text("agent_address", "text", 0, "off", "") ?>
<?cs call:text("agent_phone", "tel", 0, "off", "medium") ?>
<?cs call:text("agent_email", "email", 0, "off", "medium") ?>
<?cs if:Form.Online == "1" ?>
<?cs if:City.Agent.Legal == "1" ?><p><?cs var:L.Request.Docs.LegalProof ?></p><?cs /if ?>
<?cs if:City.Agent.Voluntary == "1" ?><p><?cs var:L.Request.Docs.VoluntaryProof ?></p><?cs /if ?>
<p><?cs var:L.Request.Agent.OwnId ?></p>
<?cs /if ?>
</fieldset>
</details>
<?cs /if ?>

<?cs if:Form.Online == "1" ?>
<fieldset id="documents">
<legend><?cs var:L.Request.Sec.Documents ?><?cs call:req_mark() ?></legend>
<p><?cs var:L.Request.Docs.Intro ?></p>
<p><?cs var:Form.RuleText ?></p>
<?cs if:Form.Residence ?><p><?cs var:Form.ResidenceText ?></p><?cs /if ?>
<div class="warning" id="mynumber-warning">
<?cs if:Form.Residence ?><p><strong id="resident-mynumber"><?cs var:L.Request.Docs.ResidenceMyNumber ?></strong></p><?cs /if ?>
<p><strong><?cs var:L.Request.Docs.MyNumber ?></strong></p>
<p><?cs var:L.Request.Docs.Mask ?></p>
</div>
<?cs if:City.Identity.Note ?><p class="note"><?cs call:ptext(City.Identity.Note, City.Identity.NoteEn) ?></p><?cs /if ?>
<?cs call:group_error("documents") ?>
<?cs call:group_error("documents_residence") ?>
<?cs call:group_error("documents_agent") ?>
<?cs call:group_error("documents_count") ?>
<h3><?cs var:L.Request.Docs.Kept ?></h3>
<?cs if:subcount(Files) > 0 ?>
<p class="hint"><?cs var:L.Request.Docs.KeptNote ?></p>
<ul class="kept-files">
<?cs each:f = Files ?><li><strong><?cs var:f.KindName ?></strong> <?cs var:f.Label ?> (<?cs var:f.Type ?>, <?cs var:f.KB ?> <?cs var:L.Request.KB ?>)
<label class="option"><input type="checkbox" name="remove" value="<?cs var:f.Id ?>"> <?cs var:L.Request.Docs.Remove ?></label></li><?cs /each ?>
</ul>
<?cs else ?><p><?cs var:L.Request.Docs.None ?></p><?cs /if ?>
<?cs if:subcount(Slots) > 0 ?>
<h3><?cs var:L.Request.Docs.Add ?></h3>
<p class="hint"><?cs var:Form.LimitsText ?></p>
<?cs # Two slots show (a photo card and the resident record are enough for most);
   the rest fold, open when one of them has a choice or an error. ?>
<?cs set:more_open = 0 ?><?cs each:s = Slots ?><?cs if:s > 2 && (V["dockind" + s] || E["dockind" + s] || E["doc" + s]) ?><?cs set:more_open = 1 ?><?cs /if ?><?cs /each ?>
<?cs each:s = Slots ?><?cs if:s == 3 ?>
<details class="fold" id="more-slots"<?cs if:more_open ?> open<?cs /if ?>>
<summary><?cs var:L.Request.Fold.MoreDocs ?></summary>
<?cs /if ?><?cs call:slot(s) ?><?cs /each ?>
<?cs if:subcount(Slots) > 2 ?></details><?cs /if ?>
<?cs /if ?>
<?cs if:Form.Residence ?><?cs call:text("resident_issued_on", "text", 1, "off", "short") ?><?cs /if ?>
</fieldset>
<?cs else ?>
<section>
<h2><?cs var:L.Request.Sec.Documents ?></h2>
<p><?cs var:L.Request.Docs.Counter ?></p>
<ul><?cs each:d = City.Identity.Doc ?><?cs if:d.Purpose == "identity" ?><li><?cs call:pname(d) ?></li><?cs /if ?><?cs /each ?></ul>
<p><?cs var:Form.RuleText ?></p>
</section>
<?cs /if ?>

<?cs if:Form.Kind == "disclosure" ?>
<fieldset>
<legend><?cs var:L.Request.Sec.Delivery ?></legend>
<fieldset id="f-method-group"<?cs if:E.method ?> aria-describedby="e-method"<?cs /if ?>>
<legend><?cs var:L.Request.F.method ?><?cs call:req_mark() ?></legend>
<?cs if:E.method ?><span class="field-error" id="e-method"><?cs var:E.method ?></span><?cs /if ?>
<?cs each:m = Methods ?><label class="option"><input type="radio" name="method" value="<?cs var:m ?>" id="f-method<?cs if:!first(m) ?>-<?cs var:m ?><?cs /if ?>"<?cs if:V.method == m ?> checked<?cs /if ?>> <?cs var:L.Request.Method[m] ?></label><?cs /each ?>
</fieldset>
<p class="hint"><?cs var:L.Request.ViewFree ?> <?cs var:L.Request.PostageNote ?></p>
<div class="field">
<?cs call:label("medium", 0) ?>
<select id="f-medium" name="medium"<?cs call:described("medium") ?>>
<option value=""><?cs var:L.Request.Docs.Choose ?></option>
<?cs each:it = City.Fee.Item ?><option value="<?cs var:name(it) ?>"<?cs if:V.medium == name(it) ?> selected<?cs /if ?>><?cs call:pname(it) ?></option><?cs /each ?>
</select>
</div>
<?cs # The hint says 1 will do: the field starts at 1. ?><?cs if:!V.units ?><?cs set:V.units = "1" ?><?cs /if ?>
<?cs call:text("units", "text", 0, "off", "short") ?>
<details class="fold" id="fee-table">
<summary><?cs var:L.Request.Fold.FeeTable ?></summary>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.FeeTable ?></caption>
<thead><tr><th scope="col"><?cs var:L.Request.FeeItem ?></th><th scope="col"><?cs var:L.Request.FeePrice ?></th></tr></thead>
<tbody>
<?cs each:it = City.Fee.Item ?><tr><th scope="row"><?cs call:pname(it) ?></th><td><?cs if:it.AtCost == "1" ?><?cs var:L.Request.AtCost ?><?cs else ?><?cs var:it.Yen ?> <?cs var:L.Request.Yen ?> / <?cs var:L.Request.Unit[Units[name(it)]] ?><?cs /if ?></td></tr><?cs /each ?>
</tbody>
</table>
</div>
</details>
</fieldset>
<?cs /if ?>

<p><button type="submit"><?cs var:L.Request.Next ?></button></p>
</form>
<?cs /def ?>
<?cs include:"layout.cs" ?>
