<?cs # cite(key): the law and article a notice's sentence rests on. Under
   the Act on the Protection of Personal Information the article is
   L.Cite.Article[key]; for an agency (or a city) under its own ordinance
   (Regime = ordinance: an old ordinance, or an assembly's own, as Toyota
   City Assembly's), the ordinance's name (Cite.Law, else Basis) and
   article (Cite.Article[key]) come from the profile, the agency's before
   the city's, and never the Act's: without an article the ordinance is
   cited by its name. ?>
<?cs def:cite(key) ?><?cs with:ag = City.Agency[Case.Agency] ?><?cs if:ag.Regime == "ordinance" || (!ag.Regime && City.Regime == "ordinance") ?><?cs if:ag.Cite.Law ?><?cs var:ag.Cite.Law ?><?cs else ?><?cs if:ag.Basis ?><?cs var:ag.Basis ?><?cs else ?><?cs if:City.Cite.Law ?><?cs var:City.Cite.Law ?><?cs else ?><?cs var:City.Basis ?><?cs /if ?><?cs /if ?><?cs /if ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs if:ag.Cite.Article[key] ?><?cs var:ag.Cite.Article[key] ?><?cs elif:City.Cite.Article[key] && !ag.Cite.Law && !ag.Basis ?><?cs var:City.Cite.Article[key] ?><?cs /if ?><?cs else ?><?cs var:L.Cite.Law ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Cite.Article[key] ?><?cs /if ?><?cs /with ?><?cs /def ?>
<?cs def:ordinance() ?><?cs with:ag = City.Agency[Case.Agency] ?><?cs if:ag.Regime == "ordinance" || (!ag.Regime && City.Regime == "ordinance") ?>1<?cs /if ?><?cs /with ?><?cs /def ?>
