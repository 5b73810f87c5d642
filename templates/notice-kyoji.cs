<?cs # The appeal instructions (Administrative Appeal Act Art. 82,
   Administrative Case Litigation Act Art. 46): where, to whom and by when
   an appeal and an action can be brought. Per agency from the profile
   (City.Agency.ID.Appeal.To, .Defendant, .Representative), with the
   defaults the law gives: the appeal goes to the agency itself where it
   has no superior agency (Administrative Appeal Act Art. 4(1)(i)); the
   action is brought against the city it belongs to (Administrative Case
   Litigation Act Art. 11(1)), represented by the agency's head. ?>
<?cs with:ag = City.Agency[Case.Agency] ?>
<?cs set:Kyoji.To = Case.AgencyHead ?><?cs if:ag.Appeal.To ?><?cs set:Kyoji.To = ag.Appeal.To ?><?cs /if ?>
<?cs set:Kyoji.Defendant = City.Name ?><?cs if:ag.Defendant ?><?cs set:Kyoji.Defendant = ag.Defendant ?><?cs /if ?>
<?cs set:Kyoji.Rep = Case.AgencyHead ?><?cs if:ag.Representative ?><?cs set:Kyoji.Rep = ag.Representative ?><?cs /if ?>
<?cs /with ?>
<section class="kyoji">
<h2><?cs var:L.DeskNotice.Kyoji.Title ?></h2>
<p><?cs var:L.DeskNotice.Kyoji.P1a ?><?cs var:City.Appeal.Law ?><?cs var:L.DeskNotice.Kyoji.P1b ?><?cs var:City.Appeal.Months ?><?cs var:L.DeskNotice.Kyoji.P1c ?><span class="appeal-to"><?cs var:Kyoji.To ?></span><?cs var:L.DeskNotice.Kyoji.P1d ?><?cs var:City.Appeal.Term ?><?cs var:L.DeskNotice.Kyoji.P1e ?><?cs var:City.Appeal.YearLimit ?><?cs var:L.DeskNotice.Kyoji.P1f ?><?cs var:City.Appeal.Term ?><?cs var:L.DeskNotice.Kyoji.P1g ?></p>
<p><?cs var:L.DeskNotice.Kyoji.P2a ?><span class="defendant"><?cs var:Kyoji.Defendant ?></span><?cs var:L.DeskNotice.Kyoji.P2b ?><?cs var:Kyoji.Defendant ?><?cs var:L.DeskNotice.Kyoji.P2c ?><span class="representative"><?cs var:Kyoji.Rep ?></span><?cs var:L.DeskNotice.Kyoji.P2d ?><?cs var:City.Appeal.Term ?><?cs var:L.DeskNotice.Kyoji.P2e ?></p>
</section>
