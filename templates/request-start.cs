<?cs include:"request-macros.cs" ?>
<?cs set:Page.Title = L.Request.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Request.Title ?></h1>
<?cs call:steps(1) ?>
<p><?cs var:L.Request.Intro ?></p>
<?cs if:Form.Online != "1" ?><p class="notice"><?cs var:L.Request.CounterOnly ?></p><?cs /if ?>
<?cs if:Form.File ?><p class="notice"><?cs var:L.Request.FromRegister ?></p><?cs /if ?>
<?cs # profiles (issue 15): the other ways the profile allows, with its
   conditions (Bibai's rules, art. 7: mail only for illness, disability or
   another unavoidable reason; art. 16: oral requests; art. 13: copies per
   item) ?>
<?cs if:City.Channel.Mail == "1" ?><p class="notice" id="by-mail"><?cs if:City.Channel.MailCondition ?><?cs if:Site.Lang == "en" && City.Channel.MailConditionEn ?><?cs var:City.Channel.MailConditionEn ?><?cs else ?><?cs var:City.Channel.MailCondition ?><?cs /if ?><?cs else ?><?cs var:L.Request.ByMail ?><?cs /if ?></p><?cs /if ?>
<?cs if:City.Disclosure.OralRequest == "1" ?><p class="note" id="oral-request"><?cs var:L.Request.OralRequest ?></p><?cs /if ?>
<?cs if:City.Disclosure.CopiesPerItem > 0 ?><p class="note" id="copies-per-item"><?cs var:L.Request.CopiesPerItem ?> <?cs var:City.Disclosure.CopiesPerItem ?><?cs var:L.Request.CopiesUnit ?></p><?cs /if ?>
<ul class="actions">
<?cs each:k = City.Kind ?><?cs if:k.Enabled == "1" ?>
<li><a class="action" href="<?cs var:Site.BasePath ?>/request/form?kind=<?cs var:name(k) ?><?cs if:Form.File ?>&amp;file=<?cs var:Form.File ?><?cs /if ?>"><span class="action-title"><?cs if:Site.Lang == "en" ?><?cs var:k.NameEn ?><?cs else ?><?cs var:k.Name ?><?cs /if ?></span>
<span class="action-text"><?cs if:Site.Lang == "en" ?><?cs var:k.SummaryEn ?><?cs else ?><?cs var:k.Summary ?><?cs /if ?></span></a></li>
<?cs /if ?><?cs /each ?>
</ul>
<p class="note"><?cs var:L.Request.StartNote ?></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
