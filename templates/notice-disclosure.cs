<?cs if:Case.Decision == "partial" ?><?cs set:Page.Title = L.DeskNotice.Disclosure.TitlePartial ?><?cs else ?><?cs set:Page.Title = L.DeskNotice.Disclosure.TitleFull ?><?cs /if ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Disclosure.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Decision ?></th><td><?cs var:L.Desk.Decision[Case.Decision] ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Methods ?></th><td><?cs if:Case.Methods.view == 1 ?><?cs var:L.Desk.Method.view ?> <?cs /if ?><?cs if:Case.Methods.copy == 1 ?><?cs var:L.Desk.Method.copy ?> <?cs /if ?><?cs if:Case.Methods.mail == 1 ?><?cs var:L.Desk.Method.mail ?><?cs /if ?></td></tr>
<?cs if:Slots.Count > 0 ?><tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Slots ?></th><td><?cs each:s = Slots ?><?cs if:s.Id ?><?cs var:s.StartsAt ?> <?cs var:s.Place ?><br><?cs /if ?><?cs /each ?></td></tr><?cs /if ?>
<?cs if:Fee.Amount ?><tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Fee ?></th><td><?cs var:Fee.Amount ?> <?cs var:L.DeskNotice.Disclosure.Yen ?></td></tr><?cs /if ?>
</table>
<?cs if:Reasons.Count > 0 ?><h2><?cs var:L.DeskNotice.Disclosure.Withheld ?></h2>
<?cs include:"notice-reasons.cs" ?><?cs /if ?>
<?cs # profiles (issue 15): no form on how to receive when the request's method stands ?>
<p><?cs if:Case.OfferNotNeeded ?><?cs var:L.DeskNotice.Disclosure.OfferNotNeeded ?><?cs else ?><?cs var:L.DeskNotice.Disclosure.Offer ?><?cs /if ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
