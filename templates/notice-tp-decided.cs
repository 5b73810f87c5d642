<?cs # To a third party who objected (APPI Art. 86(3)): that disclosure
   was decided, why, and the day of disclosure, which is at least two
   weeks after the decision. ?>
<?cs include:"notice-cite.cs" ?>
<?cs set:Page.Title = L.DeskNotice.TpDecided.Title ?>
<?cs set:Notice.To = Notice.ThirdParty.Name ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.TpDecided.TextA ?><?cs call:cite("consult_wait") ?><?cs var:L.DeskNotice.TpDecided.TextB ?></p>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Consult.RequestOn ?></th><td><?cs if:Case.ReceivedOn.Wareki ?><?cs var:Case.ReceivedOn.Wareki ?><?cs else ?><?cs var:Case.ReceivedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Agency ?></th><td><?cs var:Case.AgencyName ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.TpDecided.Reason ?></th><td id="tp-reason"><?cs var:Notice.Event.reason ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.TpDecided.On ?></th><td id="tp-on"><?cs if:Case.EarliestDisclosure.Wareki ?><?cs var:Case.EarliestDisclosure.Wareki ?><?cs else ?><?cs var:Case.EarliestDisclosure ?><?cs /if ?><?cs var:L.DeskNotice.TpDecided.OnOrAfter ?></td></tr>
</table>
<p><?cs var:L.DeskNotice.TpDecided.Note ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
