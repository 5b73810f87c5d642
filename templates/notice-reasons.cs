<?cs # Withheld parts with their grounds: under the Act the ground's label
   with its item of APPI Art. 78 (L.Desk.Ground); under an ordinance the
   label alone (L.Desk.GroundName) with the ordinance's article from the
   profile (Cite.Ground.ID, the agency's before the city's). ?>
<table>
<?cs each:r = Reasons ?><?cs if:r.Part ?><tr><th scope="row"><?cs var:r.Part ?></th><td><?cs with:ag = City.Agency[Case.Agency] ?><?cs if:ag.Regime == "ordinance" || (!ag.Regime && City.Regime == "ordinance") ?><?cs var:L.Desk.GroundName[r.Ground] ?><?cs if:ag.Cite.Ground[r.Ground] ?><?cs var:L.DeskNotice.ParenOpen ?><?cs var:ag.Cite.Ground[r.Ground] ?><?cs var:L.DeskNotice.ParenClose ?><?cs elif:City.Cite.Ground[r.Ground] && !ag.Basis ?><?cs var:L.DeskNotice.ParenOpen ?><?cs var:City.Cite.Ground[r.Ground] ?><?cs var:L.DeskNotice.ParenClose ?><?cs /if ?><?cs else ?><?cs var:L.Desk.Ground[r.Ground] ?><?cs /if ?><?cs /with ?><?cs if:r.Explanation ?><br><?cs var:r.Explanation ?><?cs /if ?></td></tr><?cs /if ?>
<?cs /each ?></table>
