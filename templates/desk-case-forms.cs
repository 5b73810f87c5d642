<?cs # The forms of the steps the case's state allows (Can.* from
   cgi-bin/desk-case.c); lib/flow.c checks every rule again. ?>
<?cs if:Can.Review ?><?cs call:open("review") ?><?cs call:close("review") ?><?cs /if ?>
<?cs if:Can.Identity ?><?cs call:open("identity") ?>
<fieldset><legend><?cs var:L.Desk.Case.Checked ?></legend>
<?cs each:d = Documents ?><?cs if:d.Id ?><p><input type="checkbox" id="identity-doc-<?cs var:d.Id ?>" name="doc" value="<?cs var:d.Id ?>"> <label for="identity-doc-<?cs var:d.Id ?>" class="inline"><?cs if:d.Name ?><?cs var:d.Name ?><?cs else ?><?cs var:d.Kind ?><?cs /if ?></label></p><?cs /if ?><?cs /each ?>
</fieldset>
<p><label for="identity-note"><?cs var:L.Desk.Case.Note ?></label><input type="text" id="identity-note" name="note"></p>
<?cs call:close("identity") ?><?cs /if ?>
<?cs if:Can.Amend ?><?cs call:open("amend") ?>
<?cs call:text("amend", "what", L.Desk.Case.What) ?>
<?cs call:date("amend", "from_on", L.Desk.Case.FromOn, Today) ?>
<?cs call:date("amend", "answer_by", L.Desk.Case.AnswerBy, "") ?>
<?cs call:close("amend") ?><?cs /if ?>
<?cs if:Can.Amended ?><?cs call:open("amended") ?>
<?cs call:date("amended", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("amended") ?><?cs /if ?>
<?cs if:Can.Extend ?><?cs call:open("extend") ?>
<?cs call:date("extend", "new_due", L.Desk.Case.NewDue, "") ?>
<?cs call:text("extend", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("extend") ?><?cs /if ?>
<?cs if:Can.Special ?><?cs call:open("special") ?>
<p><?cs var:L.Desk.Case.SpecialHelp[Case.Kind] ?></p>
<?cs if:Case.Kind == "disclosure" ?><?cs call:date("special", "rest_by", L.Desk.Case.RestBy, "") ?><?cs else ?><?cs call:date("special", "rest_by", L.Desk.Case.SpecialBy, "") ?><?cs /if ?>
<?cs call:text("special", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("special") ?><?cs /if ?>
<?cs if:Can.Transfer ?><?cs call:open("transfer") ?><p class="hint"><?cs var:L.Desk.Case.TransferHint ?></p>
<p><label for="transfer-agency"><?cs var:L.Desk.Case.TransferTo ?></label><select id="transfer-agency" name="agency"><?cs each:a = City.Agency ?><?cs if:name(a) != Case.Agency ?><option value="<?cs var:name(a) ?>"><?cs if:Site.Lang == "en" ?><?cs var:a.NameEn ?><?cs else ?><?cs var:a.Name ?><?cs /if ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs call:text("transfer", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("transfer") ?><?cs /if ?>
<?cs if:Can.Consult ?><?cs call:open("consult") ?>
<p><label for="consult-name"><?cs var:L.Desk.Case.TpName ?></label><input type="text" id="consult-name" name="name"></p>
<?cs call:date("consult", "sent_on", L.Desk.Case.TpSent, Today) ?>
<?cs call:date("consult", "answer_due_on", L.Desk.Case.TpDue, "") ?>
<?cs call:close("consult") ?><?cs /if ?>
<?cs if:Can.Answer ?><?cs call:open("answer") ?>
<p><label for="answer-tp"><?cs var:L.Desk.Case.TpAnswer ?></label><select id="answer-tp" name="tp">
<?cs each:t = ThirdParties ?><?cs if:t.Id && !t.AnsweredOn ?><option value="<?cs var:t.Id ?>"><?cs var:t.Name ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs call:date("answer", "on", L.Desk.Case.On, Today) ?>
<p><input type="checkbox" id="answer-objects" name="objects" value="1"> <label for="answer-objects" class="inline"><?cs var:L.Desk.Case.Objects ?></label></p>
<?cs call:close("answer") ?><?cs /if ?>
<?cs # The decision form (APPI Art. 82), for the decision and, under
   Art. 84, for the decision on the rest (act "decide_rest": no
   dismissal, no slots). ?>
<?cs def:decide_form(act) ?>
<?cs # No decision is chosen in advance; a refused step shows what was
   sent (Posted.ACTION, cgi-bin/desk-action.c keep_posted). ?>
<p><label for="<?cs var:act ?>-decision"><?cs var:L.Desk.Case.DecisionKind ?></label><select id="<?cs var:act ?>-decision" name="decision" required>
<option value=""><?cs var:L.Desk.Case.Choose ?></option>
<?cs each:d = Lists.Decisions ?><?cs if:act == "decide" || d != "dismissed" ?><option value="<?cs var:d ?>"<?cs if:Posted[act].decision == d ?> selected<?cs /if ?>><?cs if:L.Desk.DecisionOf[Case.Kind][d] ?><?cs var:L.Desk.DecisionOf[Case.Kind][d] ?><?cs else ?><?cs var:L.Desk.Decision[d] ?><?cs /if ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs if:Posted[act].decided_on ?><?cs call:date(act, "decided_on", L.Desk.Case.DecidedOn, Posted[act].decided_on) ?><?cs else ?><?cs call:date(act, "decided_on", L.Desk.Case.DecidedOn, Today) ?><?cs /if ?>
<p class="hint"><?cs var:L.Desk.Case.WithheldHint ?></p>
<?cs loop:i = 1, 5, 1 ?><fieldset><legend><?cs var:L.Desk.Case.WithheldPart ?> <?cs var:i ?></legend>
<p><label for="<?cs var:act ?>-part<?cs var:i ?>"><?cs var:L.Desk.Case.Part ?></label><input type="text" id="<?cs var:act ?>-part<?cs var:i ?>" name="part<?cs var:i ?>" value="<?cs var:Posted[act]["part" + i] ?>"></p>
<p><label for="<?cs var:act ?>-ground<?cs var:i ?>"><?cs var:L.Desk.Case.Ground ?></label><select id="<?cs var:act ?>-ground<?cs var:i ?>" name="ground<?cs var:i ?>"><option value=""><?cs var:L.Desk.Case.Choose ?></option>
<?cs each:g = Lists.Grounds ?><option value="<?cs var:g ?>"<?cs if:Posted[act]["ground" + i] == g ?> selected<?cs /if ?>><?cs var:L.Desk.Ground[g] ?></option><?cs /each ?></select></p>
<p><label for="<?cs var:act ?>-explanation<?cs var:i ?>"><?cs var:L.Desk.Case.Explanation ?></label><textarea id="<?cs var:act ?>-explanation<?cs var:i ?>" name="explanation<?cs var:i ?>" rows="2"><?cs var:Posted[act]["explanation" + i] ?></textarea></p>
</fieldset><?cs /loop ?>
<?cs if:Case.Kind == "disclosure" ?><p><label for="<?cs var:act ?>-purpose"><?cs var:L.Desk.Case.Purpose ?><span class="hint"><?cs var:L.Desk.Case.PurposeHint ?></span></label><textarea id="<?cs var:act ?>-purpose" name="purpose" rows="2"><?cs var:Decide.Purpose ?></textarea></p><?cs /if ?>
<fieldset><legend><?cs var:L.Desk.Case.Methods ?></legend>
<?cs if:Lists.Methods.view == 1 ?><p><input type="checkbox" id="<?cs var:act ?>-m-view" name="method" value="view"<?cs if:Posted[act].method.view ?> checked<?cs /if ?>> <label for="<?cs var:act ?>-m-view" class="inline"><?cs var:L.Desk.Method.view ?></label></p><?cs /if ?>
<?cs if:Lists.Methods.copy == 1 ?><p><input type="checkbox" id="<?cs var:act ?>-m-copy" name="method" value="copy"<?cs if:Posted[act].method.copy ?> checked<?cs /if ?>> <label for="<?cs var:act ?>-m-copy" class="inline"><?cs var:L.Desk.Method.copy ?></label></p><?cs /if ?>
<?cs if:Lists.Methods.mail == 1 ?><p><input type="checkbox" id="<?cs var:act ?>-m-mail" name="method" value="mail"<?cs if:Posted[act].method.mail ?> checked<?cs /if ?>> <label for="<?cs var:act ?>-m-mail" class="inline"><?cs var:L.Desk.Method.mail ?></label></p><?cs /if ?>
</fieldset>
<?cs if:act == "decide" ?><fieldset><legend><?cs var:L.Desk.Case.Slots ?></legend><p class="hint"><?cs var:L.Desk.Case.SlotHint ?></p>
<?cs loop:i = 1, 4, 1 ?><p><label for="<?cs var:act ?>-slot<?cs var:i ?>"><?cs var:L.Desk.Case.SlotAt ?> <?cs var:i ?></label><input type="datetime-local" class="medium" id="<?cs var:act ?>-slot<?cs var:i ?>" name="slot<?cs var:i ?>" value="<?cs var:Posted[act]["slot" + i] ?>"></p><?cs /loop ?>
<p><label for="<?cs var:act ?>-place"><?cs var:L.Desk.Case.Place ?></label><input type="text" id="<?cs var:act ?>-place" name="place" value="<?cs var:Posted[act].place ?>"></p>
</fieldset><?cs /if ?>
<p><label for="<?cs var:act ?>-reason"><?cs var:L.Desk.Case.Reason ?></label>
<textarea id="<?cs var:act ?>-reason" name="reason" rows="3"><?cs var:Posted[act].reason ?></textarea></p>
<?cs /def ?>
<?cs if:Can.Decide ?><?cs call:open("decide") ?><?cs call:decide_form("decide") ?><?cs call:close("decide") ?><?cs /if ?>
<?cs if:Can.DecideRest ?><?cs call:open("decide_rest") ?>
<p class="hint"><?cs var:L.Desk.Case.RestHelp ?></p>
<p id="rest-due"><?cs var:L.Desk.Case.RestBy ?> <?cs if:Case.Rest.By.Wareki ?><?cs var:Case.Rest.By.Wareki ?><?cs else ?><?cs var:Case.Rest.By ?><?cs /if ?></p>
<?cs call:decide_form("decide_rest") ?><?cs call:close("decide_rest") ?><?cs /if ?>
<?cs if:Can.Fee ?><?cs call:open("fee") ?>
<p><label for="fee-mono"><?cs var:L.Desk.Case.Mono ?></label><input type="number" class="short" min="0" id="fee-mono" name="mono_pages"></p>
<p><label for="fee-colour"><?cs var:L.Desk.Case.Colour ?></label><input type="number" class="short" min="0" id="fee-colour" name="colour_pages"></p>
<?cs loop:i = 1, 3, 1 ?><fieldset><legend><?cs var:L.Desk.Case.Media ?> <?cs var:i ?></legend>
<p><label for="fee-item<?cs var:i ?>"><?cs var:L.Desk.Case.Media ?></label><select id="fee-item<?cs var:i ?>" name="media_item<?cs var:i ?>"><option value=""><?cs var:L.Desk.Case.Choose ?></option>
<?cs each:f = Lists.FeeItems ?><option value="<?cs var:f.Id ?>"><?cs var:f.Name ?><?cs if:f.AtCost == 0 ?> (<?cs var:f.Yen ?>)<?cs /if ?></option><?cs /each ?></select></p>
<p><label for="fee-units<?cs var:i ?>"><?cs var:L.Desk.Case.Units ?></label><input type="number" class="short" min="1" id="fee-units<?cs var:i ?>" name="media_units<?cs var:i ?>"></p>
<p><label for="fee-yen<?cs var:i ?>"><?cs var:L.Desk.Case.AtCostYen ?></label><input type="number" class="short" min="0" id="fee-yen<?cs var:i ?>" name="media_yen<?cs var:i ?>"></p>
</fieldset><?cs /loop ?>
<?cs if:Lists.PostageAtCost == 1 ?><p><label for="fee-postage"><?cs var:L.Desk.Case.Postage ?></label><input type="number" class="short" min="0" id="fee-postage" name="postage_yen"></p><?cs /if ?>
<?cs call:close("fee") ?><?cs /if ?>
<?cs if:Can.Pay ?><?cs call:open("pay") ?>
<p><label for="pay-via"><?cs var:L.Desk.Case.Via ?></label><select id="pay-via" name="via"><?cs each:p = Lists.Pay ?><option value="<?cs var:p ?>"><?cs var:L.Desk.Pay[p] ?></option><?cs /each ?></select></p>
<p><label for="pay-amount"><?cs var:L.Desk.Case.Amount ?></label><input type="number" class="short" min="0" id="pay-amount" name="amount" value="<?cs var:Fee.Amount ?>"></p>
<?cs call:close("pay") ?><?cs /if ?>
<?cs if:Can.Deliver ?><?cs call:open("deliver") ?>
<p><label for="deliver-delivery"><?cs var:L.Desk.Case.DeliveryMethod ?></label><select id="deliver-delivery" name="delivery"><option value="counter"><?cs var:L.Desk.Method.counter ?></option><option value="mail"><?cs var:L.Desk.Method.mail ?></option></select></p>
<?cs call:date("deliver", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("deliver") ?><?cs /if ?>
<?cs if:Can.CarryOut ?><?cs call:open("carry_out") ?>
<?cs call:date("carry_out", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("carry_out") ?><?cs /if ?>
<?cs if:Can.Close ?><?cs call:open("close") ?><?cs call:close("close") ?><?cs /if ?>
<?cs if:Can.NoticeSent ?><?cs call:open("notice_sent") ?><p class="hint"><?cs var:L.Desk.Case.NoticeSentHint ?></p>
<p><label for="notice_sent-how"><?cs var:L.Desk.Case.How ?></label><select id="notice_sent-how" name="how"><option value="hand"><?cs var:L.Desk.How.hand ?></option><option value="mail"><?cs var:L.Desk.How.mail ?></option><option value="online"><?cs var:L.Desk.How.online ?></option></select></p>
<?cs call:date("notice_sent", "sent_at", L.Desk.Case.SentAt, Today) ?>
<?cs call:date("notice_sent", "arrived_on", L.Desk.Case.ArrivedOn, "") ?>
<?cs call:close("notice_sent") ?><?cs /if ?>
<?cs if:Can.OfferPaper ?><?cs call:open("offer_paper") ?><p class="hint"><?cs var:L.Desk.Case.OfferPaperHint ?></p>
<p><label for="offer_paper-delivery"><?cs var:L.Desk.Case.PaperMethod ?></label><select id="offer_paper-delivery" name="delivery"><option value="counter"><?cs var:L.Desk.Method.counter ?></option><option value="mail"><?cs var:L.Desk.Method.mail ?></option></select></p>
<p><label for="offer_paper-slot_id"><?cs var:L.Desk.Case.PaperSlot ?></label><select id="offer_paper-slot_id" name="slot_id"><option value="0"><?cs var:L.Desk.Case.Choose ?></option><?cs each:s = Slots ?><?cs if:s.Id ?><option value="<?cs var:s.Id ?>"><?cs var:s.StartsAt ?> <?cs var:s.Place ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs call:date("offer_paper", "on", L.Desk.Case.PaperOn, Today) ?>
<?cs call:text("offer_paper", "reason", L.Desk.Case.LateReason) ?>
<?cs call:close("offer_paper") ?><?cs /if ?>
<?cs if:Can.CorrectionNotified ?><?cs call:open("correction_notified") ?><p class="hint"><?cs var:L.Desk.Case.CorrectionNotifiedHint ?></p>
<p><label for="correction_notified-name"><?cs var:L.Desk.Case.ProvidedTo ?></label><input type="text" id="correction_notified-name" name="name"></p>
<?cs call:date("correction_notified", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("correction_notified") ?><?cs /if ?>
<?cs if:Can.Withdraw ?><?cs call:open("withdraw") ?>
<?cs call:date("withdraw", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("withdraw") ?><?cs /if ?>
<?cs if:Can.Dismiss ?><?cs call:open("dismiss") ?>
<?cs call:text("dismiss", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("dismiss") ?><?cs /if ?>
<?cs if:Can.AppealInaction ?><?cs call:open("appeal") ?><p class="hint"><?cs var:L.Desk.Case.AppealInactionHint ?></p>
<?cs call:date("appeal", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("appeal") ?><?cs /if ?>
<?cs if:Can.Appeal ?><?cs call:open("appeal") ?>
<?cs call:date("appeal", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("appeal") ?>
<?cs each:p = Appeals ?><?cs if:p.Id && !p.RuledOn ?>
<?cs if:!p.ConsultedOn ?><?cs call:open("appeal_consulted") ?><input type="hidden" name="appeal" value="<?cs var:p.Id ?>">
<?cs call:date("appeal_consulted", "on", L.Desk.Case.On, Today) ?><?cs call:close("appeal_consulted") ?><?cs /if ?>
<?cs if:p.ConsultedOn && !p.AnsweredOn ?><?cs call:open("appeal_answered") ?><input type="hidden" name="appeal" value="<?cs var:p.Id ?>">
<?cs call:date("appeal_answered", "on", L.Desk.Case.On, Today) ?><?cs call:close("appeal_answered") ?><?cs /if ?>
<?cs if:!p.ConsultedOn || p.AnsweredOn ?><?cs call:open("appeal_ruled") ?><input type="hidden" name="appeal" value="<?cs var:p.Id ?>">
<?cs if:!p.AnsweredOn ?><p class="hint"><?cs var:L.Desk.Case.RuledHint ?></p><?cs /if ?>
<p><label for="appeal_ruled-outcome"><?cs var:L.Desk.Case.Outcome ?></label><select id="appeal_ruled-outcome" name="outcome">
<option value="rejected"><?cs var:L.Desk.Outcome.rejected ?></option><option value="granted"><?cs var:L.Desk.Outcome.granted ?></option><option value="partly_granted"><?cs var:L.Desk.Outcome.partly_granted ?></option><option value="withdrawn"><?cs var:L.Desk.Outcome.withdrawn ?></option><option value="dismissed"><?cs var:L.Desk.Outcome.dismissed ?></option></select></p>
<?cs call:date("appeal_ruled", "on", L.Desk.Case.On, Today) ?><?cs call:close("appeal_ruled") ?><?cs /if ?>
<?cs /if ?><?cs /each ?>
<?cs /if ?>
<?cs if:Can.Reissue ?><?cs call:open("reissue") ?><?cs call:close("reissue") ?><?cs /if ?>
