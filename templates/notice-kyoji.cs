<?cs # The appeal instructions (Administrative Appeal Act art. 82, Administrative Case Litigation Act art. 46): where, to whom and by
   when an appeal and an action can be brought, from the city profile. ?>
<section class="kyoji">
<h2><?cs var:L.DeskNotice.Kyoji.Title ?></h2>
<p><?cs var:L.DeskNotice.Kyoji.P1a ?><?cs var:City.Appeal.Law ?><?cs var:L.DeskNotice.Kyoji.P1b ?><?cs var:City.Appeal.Months ?><?cs var:L.DeskNotice.Kyoji.P1c ?><?cs var:Case.AgencyHead ?><?cs var:L.DeskNotice.Kyoji.P1d ?><?cs var:City.Appeal.Term ?><?cs var:L.DeskNotice.Kyoji.P1e ?><?cs var:City.Appeal.YearLimit ?><?cs var:L.DeskNotice.Kyoji.P1f ?><?cs var:City.Appeal.Term ?><?cs var:L.DeskNotice.Kyoji.P1g ?></p>
<p><?cs var:L.DeskNotice.Kyoji.P2a ?><?cs var:City.Name ?><?cs var:L.DeskNotice.Kyoji.P2b ?><?cs var:City.Name ?><?cs var:L.DeskNotice.Kyoji.P2c ?><?cs var:Case.AgencyHead ?><?cs var:L.DeskNotice.Kyoji.P2d ?><?cs var:City.Appeal.Term ?><?cs var:L.DeskNotice.Kyoji.P2e ?></p>
</section>
