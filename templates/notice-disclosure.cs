<?cs # The disclosure decision notice (APPI Art. 82(1)): the decision, the
   purpose of use of the information disclosed, and the matters the
   Cabinet Order names for carrying out the disclosure: the methods, the
   days, times and places, the cost of copies and of sending them (the
   profile's unit costs while no fee is set), and the period for the
   requester's choice (Art. 87(3)). Art. 82(1) is what the notice cites,
   its text read at iuris.jp (the Act's Art. 82, in force 2024-04-01; the
   words are quoted in tests/notices.tsv). The article of the Order for
   Enforcement (Cabinet Order No. 507 of 2003) that lists those items could
   not be read in any source at hand, so the notice cites no article of it
   (tests/notices.tsv refuses one on this notice) until someone reads the
   Order on e-Gov (laws.e-gov.go.jp/law/415CO0000000507). ?>
<?cs include:"notice-cite.cs" ?><?cs if:Case.Decision == "partial" ?><?cs set:Page.Title = L.DeskNotice.Disclosure.TitlePartial ?><?cs else ?><?cs set:Page.Title = L.DeskNotice.Disclosure.TitleFull ?><?cs /if ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Disclosure.TextA ?><?cs call:cite("disclosure") ?><?cs var:L.DeskNotice.Disclosure.TextB ?></p>
<?cs if:Notice.Rest ?><p id="rest-note"><?cs var:L.DeskNotice.Rest.Note ?></p><?cs /if ?>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Decision ?></th><td><?cs var:L.Desk.Decision[Case.Decision] ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Purpose ?></th><td id="purpose"><?cs var:Notice.Event.purpose ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Methods ?></th><td><?cs if:Case.Methods.view == 1 ?><?cs var:L.Desk.Method.view ?> <?cs /if ?><?cs if:Case.Methods.copy == 1 ?><?cs var:L.Desk.Method.copy ?> <?cs /if ?><?cs if:Case.Methods.mail == 1 ?><?cs var:L.Desk.Method.mail ?><?cs /if ?></td></tr>
<?cs if:Slots.Count > 0 ?><tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Slots ?></th><td><?cs each:s = Slots ?><?cs if:s.Id ?><?cs if:s.StartsAtText ?><?cs var:s.StartsAtText ?><?cs else ?><?cs var:s.StartsAt ?><?cs /if ?> <?cs var:s.Place ?><br><?cs /if ?><?cs /each ?></td></tr><?cs /if ?>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Fee ?></th><td id="fee"><?cs if:Fee.State || Fee.Amount ?><?cs var:Fee.Amount ?> <?cs var:L.DeskNotice.Disclosure.Yen ?><?cs else ?><?cs var:L.DeskNotice.Disclosure.UnitCosts ?><ul class="unit-costs"><?cs each:i = City.Fee.Item ?><li><?cs var:i.Name ?>: <?cs if:i.AtCost == 1 ?><?cs var:L.DeskNotice.Disclosure.AtCost ?><?cs else ?><?cs var:L.DeskNotice.Disclosure.Per[i.Unit] ?><?cs var:i.Yen ?><?cs var:L.DeskNotice.Disclosure.Yen ?><?cs /if ?></li><?cs /each ?><?cs if:City.Fee.Postage == "at_cost" ?><li><?cs var:L.DeskNotice.Disclosure.Postage ?></li><?cs /if ?></ul><?cs /if ?></td></tr>
</table>
<?cs if:Reasons.Count > 0 ?><h2><?cs var:L.DeskNotice.Disclosure.Withheld ?></h2>
<?cs include:"notice-reasons.cs" ?><?cs /if ?>
<?cs # profiles (issue 15): no form on how to receive when the request's method stands ?>
<p><?cs if:Case.OfferNotNeeded ?><?cs var:L.DeskNotice.Disclosure.OfferNotNeeded ?><?cs else ?><?cs var:L.DeskNotice.Disclosure.OfferA ?><?cs var:City.Deadline.OfferDays ?><?cs var:L.DeskNotice.Disclosure.OfferB ?><?cs call:cite("offer") ?><?cs var:L.DeskNotice.Disclosure.OfferC ?><?cs /if ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
