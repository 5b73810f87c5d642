<?cs # The forms of the steps the case's state allows (Can.* from
   cgi-bin/desk-case.c); lib/flow.c checks every rule again. Included
   twice: Pass 1 gives the next step (Case.Next) alone, Pass 0 the others,
   folded (open and close in desk-case.cs). ?>
<?cs if:Can.Review && Pass == (Case.Next == "review") ?><?cs call:open("review") ?><?cs call:close("review") ?><?cs /if ?>
<?cs if:Can.Identity && Pass == (Case.Next == "identity") ?><?cs call:open("identity") ?>
<fieldset><legend><?cs var:L.Desk.Case.Checked ?></legend>
<?cs each:d = Documents ?><?cs if:d.Id ?><label class="option" for="identity-doc-<?cs var:d.Id ?>"><input type="checkbox" id="identity-doc-<?cs var:d.Id ?>" name="doc" value="<?cs var:d.Id ?>"> <?cs if:d.Name ?><?cs var:d.Name ?><?cs else ?><?cs var:d.Kind ?><?cs /if ?></label><?cs /if ?><?cs /each ?>
</fieldset>
<p><label for="identity-note"><?cs var:L.Desk.Case.Note ?></label><input type="text" id="identity-note" name="note"></p>
<?cs call:close("identity") ?><?cs /if ?>
<?cs if:Can.Amend && Pass == (Case.Next == "amend") ?><?cs call:open("amend") ?>
<?cs call:text("amend", "what", L.Desk.Case.What) ?>
<?cs call:date("amend", "from_on", L.Desk.Case.FromOn, Today) ?>
<?cs call:date("amend", "answer_by", L.Desk.Case.AnswerBy, "") ?>
<?cs call:close("amend") ?><?cs /if ?>
<?cs if:Can.Amended && Pass == (Case.Next == "amended") ?><?cs call:open("amended") ?>
<?cs call:date("amended", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("amended") ?><?cs /if ?>
<?cs if:Can.Extend && Pass == (Case.Next == "extend") ?><?cs call:open("extend") ?>
<?cs call:date("extend", "new_due", L.Desk.Case.NewDue, "") ?>
<?cs call:text("extend", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("extend") ?><?cs /if ?>
<?cs if:Can.Special && Pass == (Case.Next == "special") ?><?cs call:open("special") ?>
<p><?cs var:L.Desk.Case.SpecialHelp[Case.Kind] ?></p>
<?cs if:Case.Kind == "disclosure" ?><?cs call:date("special", "rest_by", L.Desk.Case.RestBy, "") ?><?cs else ?><?cs call:date("special", "rest_by", L.Desk.Case.SpecialBy, "") ?><?cs /if ?>
<?cs call:text("special", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("special") ?><?cs /if ?>
<?cs if:Can.Transfer && Pass == (Case.Next == "transfer") ?><?cs call:open("transfer") ?><p class="hint"><?cs var:L.Desk.Case.TransferHint ?></p>
<p><label for="transfer-agency"><?cs var:L.Desk.Case.TransferTo ?></label><select id="transfer-agency" name="agency"><?cs each:a = City.Agency ?><?cs if:name(a) != Case.Agency ?><option value="<?cs var:name(a) ?>"><?cs if:Site.Lang == "en" ?><?cs var:a.NameEn ?><?cs else ?><?cs var:a.Name ?><?cs /if ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs call:text("transfer", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("transfer") ?><?cs /if ?>
<?cs if:Can.Consult && Pass == (Case.Next == "consult") ?><?cs call:open("consult") ?>
<p><label for="consult-name"><?cs var:L.Desk.Case.TpName ?></label><input type="text" id="consult-name" name="name"></p>
<?cs call:date("consult", "sent_on", L.Desk.Case.TpSent, Today) ?>
<?cs call:date("consult", "answer_due_on", L.Desk.Case.TpDue, "") ?>
<?cs call:close("consult") ?><?cs /if ?>
<?cs if:Can.Answer && Pass == (Case.Next == "answer") ?><?cs call:open("answer") ?>
<p><label for="answer-tp"><?cs var:L.Desk.Case.TpAnswer ?></label><select id="answer-tp" name="tp">
<?cs each:t = ThirdParties ?><?cs if:t.Id && !t.AnsweredOn ?><option value="<?cs var:t.Id ?>"><?cs var:t.Name ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs call:date("answer", "on", L.Desk.Case.On, Today) ?>
<label class="option" for="answer-objects"><input type="checkbox" id="answer-objects" name="objects" value="1"> <?cs var:L.Desk.Case.Objects ?></label>
<?cs call:close("answer") ?><?cs /if ?>
<?cs if:Can.Decide && Pass == (Case.Next == "decide") ?><?cs call:open("decide") ?><?cs call:decide_form("decide") ?><?cs call:close("decide") ?><?cs /if ?>
<?cs if:Can.DecideRest && Pass == (Case.Next == "decide_rest") ?><?cs call:open("decide_rest") ?>
<p class="hint"><?cs var:L.Desk.Case.RestHelp ?></p>
<p id="rest-due"><?cs var:L.Desk.Case.RestBy ?> <?cs if:Case.Rest.By.Wareki ?><?cs var:Case.Rest.By.Wareki ?><?cs else ?><?cs var:Case.Rest.By ?><?cs /if ?></p>
<?cs call:decide_form("decide_rest") ?><?cs call:close("decide_rest") ?><?cs /if ?>
<?cs if:Can.Fee && Pass == (Case.Next == "fee") ?><?cs call:open("fee") ?><?cs call:fee_fields("fee") ?><?cs call:close("fee") ?><?cs /if ?>
<?cs if:Can.Pay && Pass == (Case.Next == "pay") ?><?cs call:open("pay") ?><?cs call:pay_fields("pay", Fee.Amount) ?><?cs call:close("pay") ?><?cs /if ?>
<?cs if:Can.Deliver && Pass == (Case.Next == "deliver") ?><?cs call:open("deliver") ?><?cs call:deliver_fields("deliver") ?><?cs call:close("deliver") ?><?cs /if ?>
<?cs # APPI Art. 84, 87: the rest decided later, carried out on its own ?>
<?cs if:Can.RestFee && Pass == (Case.Next == "rest_fee") ?><?cs call:open("rest_fee") ?><?cs call:fee_fields("rest_fee") ?><?cs call:close("rest_fee") ?><?cs /if ?>
<?cs if:Can.RestPay && Pass == (Case.Next == "rest_pay") ?><?cs call:open("rest_pay") ?><?cs call:pay_fields("rest_pay", RestFee.Amount) ?><?cs call:close("rest_pay") ?><?cs /if ?>
<?cs if:Can.RestNoticeSent && Pass == (Case.Next == "rest_notice_sent") ?><?cs call:open("rest_notice_sent") ?><p class="hint"><?cs var:L.Desk.Case.RestNoticeSentHint ?></p>
<p><label for="rest_notice_sent-how"><?cs var:L.Desk.Case.How ?></label><select id="rest_notice_sent-how" name="how"><option value="hand"><?cs var:L.Desk.How.hand ?></option><option value="mail"><?cs var:L.Desk.How.mail ?></option><option value="online"><?cs var:L.Desk.How.online ?></option></select></p>
<?cs call:date("rest_notice_sent", "sent_at", L.Desk.Case.SentAt, Today) ?>
<?cs call:date("rest_notice_sent", "arrived_on", L.Desk.Case.ArrivedOn, "") ?>
<?cs call:close("rest_notice_sent") ?><?cs /if ?>
<?cs if:Can.RestOfferPaper && Pass == (Case.Next == "rest_offer_paper") ?><?cs call:open("rest_offer_paper") ?>
<p><label for="rest_offer_paper-delivery"><?cs var:L.Desk.Case.PaperMethod ?></label><select id="rest_offer_paper-delivery" name="delivery"><option value="counter"><?cs var:L.Desk.Method.counter ?></option><option value="mail"><?cs var:L.Desk.Method.mail ?></option></select></p>
<?cs call:date("rest_offer_paper", "on", L.Desk.Case.PaperOn, Today) ?>
<?cs call:text("rest_offer_paper", "reason", L.Desk.Case.LateReason) ?>
<?cs call:close("rest_offer_paper") ?><?cs /if ?>
<?cs if:Can.RestDeliver && Pass == (Case.Next == "rest_deliver") ?><?cs call:open("rest_deliver") ?><?cs call:deliver_fields("rest_deliver") ?><?cs call:close("rest_deliver") ?><?cs /if ?>
<?cs if:Can.CarryOut && Pass == (Case.Next == "carry_out") ?><?cs call:open("carry_out") ?>
<?cs call:date("carry_out", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("carry_out") ?><?cs /if ?>
<?cs if:Can.Close && Pass == (Case.Next == "close") ?><?cs call:open("close") ?><?cs call:close("close") ?><?cs /if ?>
<?cs if:Can.NoticeSent && Pass == (Case.Next == "notice_sent") ?><?cs call:open("notice_sent") ?><p class="hint"><?cs var:L.Desk.Case.NoticeSentHint ?></p>
<p><label for="notice_sent-how"><?cs var:L.Desk.Case.How ?></label><select id="notice_sent-how" name="how"><option value="hand"><?cs var:L.Desk.How.hand ?></option><option value="mail"><?cs var:L.Desk.How.mail ?></option><option value="online"><?cs var:L.Desk.How.online ?></option></select></p>
<?cs call:date("notice_sent", "sent_at", L.Desk.Case.SentAt, Today) ?>
<?cs call:date("notice_sent", "arrived_on", L.Desk.Case.ArrivedOn, "") ?>
<?cs call:close("notice_sent") ?><?cs /if ?>
<?cs if:Can.OfferPaper && Pass == (Case.Next == "offer_paper") ?><?cs call:open("offer_paper") ?><p class="hint"><?cs var:L.Desk.Case.OfferPaperHint ?></p>
<p><label for="offer_paper-delivery"><?cs var:L.Desk.Case.PaperMethod ?></label><select id="offer_paper-delivery" name="delivery"><option value="counter"><?cs var:L.Desk.Method.counter ?></option><option value="mail"><?cs var:L.Desk.Method.mail ?></option></select></p>
<p><label for="offer_paper-slot_id"><?cs var:L.Desk.Case.PaperSlot ?></label><select id="offer_paper-slot_id" name="slot_id"><option value="0"><?cs var:L.Desk.Case.Choose ?></option><?cs each:s = Slots ?><?cs if:s.Id ?><option value="<?cs var:s.Id ?>"><?cs if:s.StartsText ?><?cs var:s.StartsText ?><?cs else ?><?cs var:s.StartsAt ?><?cs /if ?> <?cs var:s.Place ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs call:date("offer_paper", "on", L.Desk.Case.PaperOn, Today) ?>
<?cs call:text("offer_paper", "reason", L.Desk.Case.LateReason) ?>
<?cs call:close("offer_paper") ?><?cs /if ?>
<?cs if:Can.CorrectionNotified && Pass == (Case.Next == "correction_notified") ?><?cs call:open("correction_notified") ?><p class="hint"><?cs var:L.Desk.Case.CorrectionNotifiedHint ?></p>
<p><label for="correction_notified-name"><?cs var:L.Desk.Case.ProvidedTo ?></label><input type="text" id="correction_notified-name" name="name"></p>
<?cs call:date("correction_notified", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("correction_notified") ?><?cs /if ?>
<?cs if:Can.Withdraw && Pass == (Case.Next == "withdraw") ?><?cs call:open("withdraw") ?>
<?cs call:date("withdraw", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("withdraw") ?><?cs /if ?>
<?cs if:Can.Dismiss && Pass == (Case.Next == "dismiss") ?><?cs call:open("dismiss") ?>
<?cs call:text("dismiss", "reason", L.Desk.Case.Reason) ?>
<?cs call:close("dismiss") ?><?cs /if ?>
<?cs if:Can.AppealInaction && Pass == (Case.Next == "appeal") ?><?cs call:open("appeal") ?><p class="hint"><?cs var:L.Desk.Case.AppealInactionHint ?></p>
<?cs call:date("appeal", "on", L.Desk.Case.On, Today) ?>
<?cs call:close("appeal") ?><?cs /if ?>
<?cs if:Can.Appeal && Pass == (Case.Next == "appeal_consulted" || Case.Next == "appeal_answered" || Case.Next == "appeal_ruled") ?><?cs call:open("appeal") ?>
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
<?cs if:Can.Reissue && Pass == (Case.Next == "reissue") ?><?cs call:open("reissue") ?><?cs call:close("reissue") ?><?cs /if ?>
