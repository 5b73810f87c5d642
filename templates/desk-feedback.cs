<?cs # The questionnaire results for staff: a date range, the totals per
   page, one SVG bar chart per page (drawn here on the server: no script,
   presentation attributes instead of style, role="img" with a text
   alternative, a text label on every bar), and the newest comments. ?><?cs
set:Page.Title = L.Feedback.Desk.Title ?>
<?cs def:cell(a) ?><?cs var:a.Count ?><?cs var:L.Feedback.Desk.Count ?> (<?cs var:a.Pct ?>%)<?cs /def ?>
<?cs def:answer(q, v) ?><?cs if:q == "U" ?><?cs if:v == "yes" ?><?cs var:L.Feedback.UYes ?><?cs elif:v == "neutral" ?><?cs var:L.Feedback.UNeutral ?><?cs else ?><?cs var:L.Feedback.UNo ?><?cs /if ?><?cs else ?><?cs if:v == "yes" ?><?cs var:L.Feedback.FYes ?><?cs elif:v == "neutral" ?><?cs var:L.Feedback.FNeutral ?><?cs else ?><?cs var:L.Feedback.FNo ?><?cs /if ?><?cs /if ?><?cs /def ?>
<?cs def:bar(a, label, y, fill) ?><text x="0" y="<?cs var:y + 15 ?>" font-size="14" fill="#1a1a1a"><?cs var:label ?></text>
<rect x="180" y="<?cs var:y ?>" width="<?cs var:a.Width ?>" height="20" fill="<?cs var:fill ?>"></rect>
<text x="490" y="<?cs var:y + 15 ?>" font-size="14" fill="#1a1a1a"><?cs call:cell(a) ?></text>
<?cs /def ?>
<?cs def:chart(r, id) ?><svg class="chart" role="img" aria-labelledby="chart-<?cs var:id ?>-title" viewBox="0 0 600 200" width="600" height="200">
<title id="chart-<?cs var:id ?>-title"><?cs var:L.Feedback.Desk.ChartTitle ?>: <?cs var:r.Page ?>. <?cs var:L.Feedback.Desk.Understandable ?>: <?cs var:L.Feedback.UYes ?> <?cs call:cell(r.U.Yes) ?>, <?cs var:L.Feedback.UNeutral ?> <?cs call:cell(r.U.Neutral) ?>, <?cs var:L.Feedback.UNo ?> <?cs call:cell(r.U.No) ?>. <?cs var:L.Feedback.Desk.Findable ?>: <?cs var:L.Feedback.FYes ?> <?cs call:cell(r.F.Yes) ?>, <?cs var:L.Feedback.FNeutral ?> <?cs call:cell(r.F.Neutral) ?>, <?cs var:L.Feedback.FNo ?> <?cs call:cell(r.F.No) ?>.</title>
<text x="0" y="14" font-size="14" font-weight="bold" fill="#1a1a1a"><?cs var:L.Feedback.Desk.Understandable ?></text>
<?cs call:bar(r.U.Yes, L.Feedback.UYes, #22, "#1d4e89") ?><?cs call:bar(r.U.Neutral, L.Feedback.UNeutral, #46, "#5a6470") ?><?cs call:bar(r.U.No, L.Feedback.UNo, #70, "#b3261e") ?>
<text x="0" y="114" font-size="14" font-weight="bold" fill="#1a1a1a"><?cs var:L.Feedback.Desk.Findable ?></text>
<?cs call:bar(r.F.Yes, L.Feedback.FYes, #122, "#1d4e89") ?><?cs call:bar(r.F.Neutral, L.Feedback.FNeutral, #146, "#5a6470") ?><?cs call:bar(r.F.No, L.Feedback.FNo, #170, "#b3261e") ?>
</svg><?cs /def ?>
<?cs def:content() ?>
<h1><?cs var:L.Feedback.Desk.Title ?></h1>
<p><?cs var:L.Feedback.Desk.Intro ?></p>
<?cs if:Desk.Feedback.BadRange ?><div class="error" id="range-error"><p><?cs var:L.Feedback.Desk.BadRange ?></p></div>
<?cs /if ?><form method="get" action="<?cs var:Site.BasePath ?>/desk/feedback">
<fieldset><legend><?cs var:L.Feedback.Desk.Range ?></legend>
<span class="hint" id="range-hint"><?cs var:L.Feedback.Desk.DateHint ?></span>
<p><label for="from"><?cs var:L.Feedback.Desk.From ?></label>
<input type="date" id="from" name="from" class="short" value="<?cs var:Desk.Feedback.From ?>" aria-describedby="range-hint"<?cs if:Desk.Feedback.BadRange ?> aria-invalid="true"<?cs /if ?>></p>
<p><label for="to"><?cs var:L.Feedback.Desk.To ?></label>
<input type="date" id="to" name="to" class="short" value="<?cs var:Desk.Feedback.To ?>" aria-describedby="range-hint"<?cs if:Desk.Feedback.BadRange ?> aria-invalid="true"<?cs /if ?>></p>
</fieldset>
<p><button type="submit" class="button"><?cs var:L.Feedback.Desk.Filter ?></button></p>
</form>
<?cs if:!Desk.Feedback.BadRange ?>
<ul>
<li><a href="<?cs var:Site.BasePath ?>/desk/feedback.csv?<?cs var:Desk.Feedback.Query ?>&amp;what=answers"><?cs var:L.Feedback.Desk.CsvAnswers ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/desk/feedback.csv?<?cs var:Desk.Feedback.Query ?>&amp;what=summary"><?cs var:L.Feedback.Desk.CsvSummary ?></a></li>
</ul>
<?cs if:subcount(Results) == 0 ?><p class="notice"><?cs var:L.Feedback.Desk.None ?></p><?cs else ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="summary-caption">
<table>
<caption id="summary-caption"><?cs var:L.Feedback.Desk.Summary ?></caption>
<thead>
<tr><th scope="col" rowspan="2"><?cs var:L.Feedback.Desk.Page ?></th><th scope="col" rowspan="2"><?cs var:L.Feedback.Desk.Responses ?></th><th scope="colgroup" colspan="3"><?cs var:L.Feedback.Desk.Understandable ?></th><th scope="colgroup" colspan="3"><?cs var:L.Feedback.Desk.Findable ?></th><th scope="col" rowspan="2"><?cs var:L.Feedback.Desk.Comments ?></th></tr>
<tr><th scope="col"><?cs var:L.Feedback.UYes ?></th><th scope="col"><?cs var:L.Feedback.UNeutral ?></th><th scope="col"><?cs var:L.Feedback.UNo ?></th><th scope="col"><?cs var:L.Feedback.FYes ?></th><th scope="col"><?cs var:L.Feedback.FNeutral ?></th><th scope="col"><?cs var:L.Feedback.FNo ?></th></tr>
</thead>
<tbody>
<?cs each:r = Results ?><tr><th scope="row"><?cs var:r.Page ?></th><td><?cs var:r.Total ?></td><td><?cs call:cell(r.U.Yes) ?></td><td><?cs call:cell(r.U.Neutral) ?></td><td><?cs call:cell(r.U.No) ?></td><td><?cs call:cell(r.F.Yes) ?></td><td><?cs call:cell(r.F.Neutral) ?></td><td><?cs call:cell(r.F.No) ?></td><td><?cs var:r.Comments ?></td></tr>
<?cs /each ?></tbody>
</table>
</div>
<?cs each:r = Results ?><section class="chart" aria-labelledby="chart-<?cs var:name(r) ?>-h">
<h2 id="chart-<?cs var:name(r) ?>-h"><?cs var:r.Page ?> (<?cs var:L.Feedback.Desk.Responses ?> <?cs var:r.Total ?>)</h2>
<?cs call:chart(r, name(r)) ?>
</section>
<?cs /each ?><?cs /if ?>
<h2><?cs var:L.Feedback.Desk.CommentsTitle ?></h2>
<?cs if:subcount(Comments) == 0 ?><p><?cs var:L.Feedback.Desk.NoComments ?></p><?cs else ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="comments-caption">
<table>
<caption id="comments-caption"><?cs var:L.Feedback.Desk.CommentsTitle ?></caption>
<thead><tr><th scope="col"><?cs var:L.Feedback.Desk.At ?></th><th scope="col"><?cs var:L.Feedback.Desk.Page ?></th><th scope="col"><?cs var:L.Feedback.Desk.Answers ?></th><th scope="col"><?cs var:L.Feedback.Desk.Comment ?></th></tr></thead>
<tbody>
<?cs each:c = Comments ?><tr><td><?cs var:c.At ?></td><td><?cs var:c.Page ?></td><td><?cs call:answer("U", c.U) ?> / <?cs call:answer("F", c.F) ?></td><td><?cs var:c.Text ?></td></tr>
<?cs /each ?></tbody>
</table>
</div>
<?cs /if ?><?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
