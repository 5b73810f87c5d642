<?cs # The how-to page: the ways this city takes requests (issue 23 item 8). ?><?cs include:"page-macros.cs" ?>
<p id="city-ways"><?cs var:L.Pages.Ways ?><?cs var:L.Pages.Colon ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:ways() ?></p>
<ul>
<?cs if:City.Channel.Mail == "1" && City.Channel.MailCondition ?><li><?cs var:L.Pages.MailCondition ?><?cs call:en_or(City.Channel.MailCondition, City.Channel.MailConditionEn) ?></li><?cs /if ?>
<?cs if:City.Channel.Counter == "1" && City.Channel.CounterNote ?><li><?cs call:en_or(City.Channel.CounterNote, City.Channel.CounterNoteEn) ?></li><?cs /if ?>
<li><?cs var:L.Pages.Office ?><?cs var:L.Pages.Colon ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:en_or(City.Office.Name, City.Office.NameEn) ?></li>
<?cs if:City.Office.Phone ?><li><?cs var:L.Pages.Phone ?> <?cs call:en_or(City.Office.Phone, City.Office.PhoneEn) ?></li><?cs /if ?>
</ul>