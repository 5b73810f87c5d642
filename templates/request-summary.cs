<?cs # What was entered, as tables: the confirm step and the printed form. ?>
<?cs def:summary() ?>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.Sec.What ?></caption>
<tbody>
<?cs call:row(L.Request.F.kind, Form.KindName) ?>
<tr><th scope="row"><?cs var:L.Request.F.agency ?></th><td><?cs call:pname(City.Agency[V.agency]) ?></td></tr>
<?cs call:row(L.Request.F.department, V.department) ?>
<?cs call:row_text(L.Request.F.sought, V.sought) ?>
<?cs if:Form.FollowUp ?>
<?cs call:row(L.Request.F.disclosure_received_on, Shown.disclosure_received_on) ?>
<?cs call:row(L.Request.F.follows_ref, V.follows_ref) ?>
<?cs /if ?>
<?cs if:Form.Kind == "correction" ?>
<?cs call:row_text(L.Request.F.wrong, V.wrong) ?>
<?cs call:row_text(L.Request.F.should_be, V.should_be) ?>
<?cs elif:Form.Kind != "disclosure" ?>
<?cs call:row(L.Request.F.ground, L.Request.Ground[V.ground]) ?>
<?cs call:row_text(L.Request.F.stop, V.stop) ?>
<?cs /if ?>
</tbody>
</table>
</div>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.Sec.Requester ?></caption>
<tbody>
<?cs call:row(L.Request.F.name, V.name) ?>
<?cs call:row(L.Request.F.furigana, V.furigana) ?>
<?cs call:row(L.Request.F.postal, V.postal) ?>
<?cs call:row(L.Request.F.address, V.address) ?>
<?cs call:row(L.Request.F.phone, V.phone) ?>
<?cs call:row(L.Request.F.email, V.email) ?>
</tbody>
</table>
</div>
<?cs if:V.agent && V.agent != "none" ?>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.Sec.Agent ?></caption>
<tbody>
<?cs call:row(L.Request.F.agent, L.Request.Agent[V.agent]) ?>
<?cs call:row(L.Request.F.agent_relation, L.Request.Agent[V.agent_relation]) ?>
<?cs if:V.agent_reason ?><?cs call:row(L.Request.F.agent_reason, V.agent_reason) ?><?cs /if ?>
<?cs call:row(L.Request.F.agent_name, V.agent_name) ?>
<?cs call:row(L.Request.F.agent_furigana, V.agent_furigana) ?>
<?cs call:row(L.Request.F.agent_postal, V.agent_postal) ?>
<?cs call:row(L.Request.F.agent_address, V.agent_address) ?>
<?cs call:row(L.Request.F.agent_phone, V.agent_phone) ?>
<?cs call:row(L.Request.F.agent_email, V.agent_email) ?>
</tbody>
</table>
</div>
<?cs /if ?>
<?cs if:Form.Kind == "disclosure" ?>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.Sec.Delivery ?></caption>
<tbody>
<?cs call:row(L.Request.F.method, L.Request.Method[V.method]) ?>
<?cs if:V.method != "view" ?>
<tr><th scope="row"><?cs var:L.Request.F.medium ?></th><td><?cs call:pname(City.Fee.Item[V.medium]) ?></td></tr>
<?cs call:row(L.Request.F.units, V.units) ?>
<tr><th scope="row"><?cs var:L.Request.Estimate ?></th><td><?cs if:?Form.Estimate ?><?cs var:Form.Estimate ?> <?cs var:L.Request.Yen ?><?cs else ?><?cs var:L.Request.EstimateUnknown ?><?cs /if ?><?cs if:V.method == "copy_mail" ?> <?cs var:L.Request.PostageNote ?><?cs /if ?></td></tr>
<?cs /if ?>
</tbody>
</table>
</div>
<?cs /if ?>
<?cs if:Form.Online == "1" ?>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.Sec.Documents ?></caption>
<tbody>
<?cs each:f = Files ?><tr><th scope="row"><?cs var:f.KindName ?></th><td><?cs var:f.Label ?> (<?cs var:f.Type ?>, <?cs var:f.KB ?> <?cs var:L.Request.KB ?>)</td></tr><?cs /each ?>
<?cs if:Form.Residence ?><?cs call:row(L.Request.F.resident_issued_on, Shown.resident_issued_on) ?><?cs /if ?>
</tbody>
</table>
</div>
<?cs /if ?>
<?cs /def ?>
