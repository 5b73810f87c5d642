<?cs include:"request-macros.cs" ?>
<?cs include:"request-summary.cs" ?>
<?cs set:Page.Title = Form.FormName ?>
<?cs def:content() ?>
<div class="no-print">
<?cs call:steps(4) ?>
<p class="notice"><?cs var:L.Request.Print.Intro ?> <?cs var:L.Request.Print.Instruction ?></p>
</div>
<h1><?cs var:Form.FormName ?></h1>
<p class="sheet-date"><?cs var:L.Request.Print.Date ?></p>
<p class="sheet-to"><?cs var:Form.ToLine ?></p>
<p><?cs var:L.Request.Print.Lead ?><?cs if:Form.Basis ?> (<?cs var:Form.Basis ?>)<?cs /if ?></p>
<?cs call:summary() ?>
<h2><?cs var:L.Request.Print.Bring ?></h2>
<ul>
<li><?cs var:L.Request.Print.BringForm ?></li>
<?cs each:d = City.Identity.Doc ?><?cs if:d.Purpose == "identity" ?><li><?cs call:pname(d) ?></li><?cs /if ?><?cs /each ?>
</ul>
<p><?cs var:Form.RuleText ?></p>
<?cs if:V.agent == "legal" && City.Agent.LegalProof ?><p><?cs call:ptext(City.Agent.LegalProof, City.Agent.LegalProofEn) ?></p><?cs /if ?>
<?cs if:V.agent == "voluntary" && City.Agent.VoluntaryProof ?><p><?cs call:ptext(City.Agent.VoluntaryProof, City.Agent.VoluntaryProofEn) ?></p><?cs /if ?>
<h2><?cs var:L.Request.Print.Office ?></h2>
<p><?cs if:Site.Lang == "en" && City.Office.NameEn ?><?cs var:City.Office.NameEn ?><?cs else ?><?cs var:City.Office.Name ?><?cs /if ?><br>
<?cs var:City.Office.PostalCode ?> <?cs if:Site.Lang == "en" && City.Office.AddressEn ?><?cs var:City.Office.AddressEn ?><?cs else ?><?cs var:City.Office.Address ?><?cs /if ?><br>
<?cs if:Site.Lang == "en" && City.Office.PhoneEn ?><?cs var:City.Office.PhoneEn ?><?cs else ?><?cs var:City.Office.Phone ?><?cs /if ?></p>
<?cs if:City.Office.Hours ?><p><?cs var:L.Request.Print.Hours ?><?cs var:L.Request.Sep ?> <?cs if:Site.Lang == "en" && City.Office.HoursEn ?><?cs var:City.Office.HoursEn ?><?cs else ?><?cs var:City.Office.Hours ?><?cs /if ?></p><?cs /if ?>
<?cs if:City.Channel.CounterNote ?><p><?cs call:ptext(City.Channel.CounterNote, City.Channel.CounterNoteEn) ?></p><?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
