<?cs # The how-to page: which agents this city accepts, on what condition (issue 23 item 8; the Act art. 76(2): a legal representative or an appointed agent may request for the person). ?><?cs include:"page-macros.cs" ?>
<li id="city-agents"><?cs if:City.Agent.Voluntary == "1" ?><?cs if:City.Agent.VoluntaryCondition ?><?cs var:L.Pages.AgentsVoluntaryIf ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:en_or(City.Agent.VoluntaryCondition, City.Agent.VoluntaryConditionEn) ?><?cs var:L.Pages.AgentsEnd ?><?cs else ?><?cs var:L.Pages.AgentsBoth ?><?cs /if ?><?cs else ?><?cs var:L.Pages.AgentsLegalOnly ?><?cs /if ?></li>
<?cs if:City.Agent.LegalCondition ?><li><?cs var:L.Pages.AgentsLegalIf ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:en_or(City.Agent.LegalCondition, City.Agent.LegalConditionEn) ?><?cs var:L.Pages.AgentsEnd ?></li>
<?cs /if ?><?cs if:City.Agent.Note ?><li><?cs call:en_or(City.Agent.Note, City.Agent.NoteEn) ?></li>
<?cs /if ?>
