<?cs # Desk: a new register entry, or one entry to change or abolish, with
   its history. Every field of the register, whatever the city shows. ?>
<?cs if:Entry.Id ?><?cs set:Page.Title = Entry.Name ?><?cs else ?><?cs set:Page.Title = L.DeskRegister.New ?><?cs /if ?>
<?cs set:Page.NoFeedback = 1 ?>
<?cs set:Page.Parent = L.DeskRegister.Title ?>
<?cs set:Page.ParentPath = "/desk/register" ?>
<?cs def:content() ?>
<h1><?cs var:Page.Title ?></h1>
<?cs if:Form.Saved ?><p class="success" role="status"><?cs var:L.DeskRegister.Saved ?></p><?cs /if ?>
<?cs if:Form.Invalid ?><div class="error" role="alert"><p><?cs var:L.DeskRegister.Invalid ?></p></div><?cs /if ?>
<?cs if:Entry.Abolished ?><p class="warning"><?cs var:L.Register.AbolishedOn ?><?cs var:Entry.Abolished ?></p><?cs /if ?>
<form method="post" action="<?cs var:Site.BasePath ?><?cs var:Form.Action ?>">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs each:f = Fields ?><p><label for="f-<?cs var:f.Id ?>"><?cs var:f.Label ?><?cs if:f.Required ?> <span class="req"><?cs var:L.Site.Required ?></span><?cs /if ?></label>
<?cs if:f.Id == "reading" ?><span class="hint" id="f-reading-hint"><?cs var:L.DeskRegister.ReadingHint ?></span><?cs /if ?>
<?cs if:f.Error ?><span class="field-error" id="f-<?cs var:f.Id ?>-error"><?cs var:f.Error ?></span><?cs /if ?>
<?cs if:f.Type == "text" ?><textarea id="f-<?cs var:f.Id ?>" name="<?cs var:f.Id ?>" maxlength="<?cs var:f.Max ?>" rows="3"<?cs if:f.Error ?> aria-invalid="true" aria-describedby="f-<?cs var:f.Id ?>-error"<?cs /if ?>><?cs var:f.Value ?></textarea>
<?cs elif:f.Type == "bool" ?><select id="f-<?cs var:f.Id ?>" name="<?cs var:f.Id ?>"><option value="0"<?cs if:f.Value != "1" ?> selected<?cs /if ?>><?cs var:L.Register.No ?></option><option value="1"<?cs if:f.Value == "1" ?> selected<?cs /if ?>><?cs var:L.Register.Yes ?></option></select>
<?cs elif:f.Type == "file_type" ?><select id="f-<?cs var:f.Id ?>" name="<?cs var:f.Id ?>"><option value="electronic"<?cs if:f.Value != "manual" ?> selected<?cs /if ?>><?cs var:L.Register.FileElectronic ?></option><option value="manual"<?cs if:f.Value == "manual" ?> selected<?cs /if ?>><?cs var:L.Register.FileManual ?></option></select>
<?cs elif:f.Type == "agency" ?><select id="f-<?cs var:f.Id ?>" name="<?cs var:f.Id ?>" required<?cs if:f.Error ?> aria-invalid="true" aria-describedby="f-<?cs var:f.Id ?>-error"<?cs /if ?>><?cs each:a = Agencies ?><option value="<?cs var:a.Id ?>"<?cs if:a.Id == f.Value ?> selected<?cs /if ?>><?cs var:a.Name ?></option><?cs /each ?></select>
<?cs elif:f.Type == "date" ?><input type="date" id="f-<?cs var:f.Id ?>" name="<?cs var:f.Id ?>" value="<?cs var:f.Value ?>" class="short"<?cs if:f.Error ?> aria-invalid="true" aria-describedby="f-<?cs var:f.Id ?>-error"<?cs /if ?>>
<?cs else ?><input type="text" id="f-<?cs var:f.Id ?>" name="<?cs var:f.Id ?>" value="<?cs var:f.Value ?>" maxlength="<?cs var:f.Max ?>"<?cs if:f.Required ?> required<?cs /if ?><?cs if:f.Error ?> aria-invalid="true" aria-describedby="f-<?cs var:f.Id ?>-error"<?cs elif:f.Id == "reading" ?> aria-describedby="f-reading-hint"<?cs /if ?>>
<?cs /if ?></p>
<?cs /each ?>
<?cs if:Entry.Id ?><p><label for="f-note"><?cs var:L.DeskRegister.Note ?></label>
<span class="hint"><?cs var:L.DeskRegister.NoteHint ?></span>
<input type="text" id="f-note" name="note" maxlength="200"></p><?cs /if ?>
<p><button type="submit" class="button"><?cs if:Entry.Id ?><?cs var:L.DeskRegister.Change ?><?cs else ?><?cs var:L.DeskRegister.Notify ?><?cs /if ?></button></p>
</form>
<?cs if:Entry.Id && !Entry.Abolished ?>
<h2><?cs var:L.DeskRegister.AbolishTitle ?></h2>
<p><?cs var:L.DeskRegister.AbolishIntro ?></p>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/register/<?cs var:Entry.Id ?>/abolish">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<p><label for="abolish-date"><?cs var:L.DeskRegister.AbolishDate ?></label>
<input type="date" id="abolish-date" name="date" value="<?cs var:Form.Today ?>" class="short" required></p>
<p><label for="abolish-note"><?cs var:L.DeskRegister.Note ?></label>
<input type="text" id="abolish-note" name="note" maxlength="200"></p>
<p><button type="submit" class="button-secondary"><?cs var:L.DeskRegister.Abolish ?></button></p>
</form>
<?cs /if ?>
<?cs if:subcount(History) > 0 ?>
<h2><?cs var:L.Register.History ?></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.Register.HistoryDate ?></th><th scope="col"><?cs var:L.Register.HistoryChange ?></th><th scope="col"><?cs var:L.Register.HistoryNote ?></th></tr></thead>
<tbody>
<?cs each:h = History ?><tr><td><?cs var:h.Date ?></td><td><?cs var:h.Change ?></td><td><?cs var:h.Note ?></td></tr>
<?cs /each ?></tbody></table></div>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
