<?cs if:Pay.Sandbox == 1 ?><p class="warning" id="pay-sandbox"><?cs var:L.Pay.Sandbox ?></p><?cs /if ?>
