#!/usr/bin/env bash
# Makes what the provider emulator and the adapters share, in DIR (made
# mode 0700 if missing): a throwaway test CA and a server certificate for
# 127.0.0.1 signed by it (the adapters trust ca.pem through CaFile), and
# random API keys and webhook secrets (files mode 0600). Nothing here is
# committed: it is made fresh for each stack.
#
#   tests/emulator/setup.sh DIR
set -euo pipefail

dir=${1:?usage: setup.sh DIR}
umask 077
mkdir -p "$dir"

if [[ ! -s $dir/server.pem ]]; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$dir/ca.key" -out "$dir/ca.pem" -days 7 \
		-subj "/CN=kaiji emulator test CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$dir/server.key" -out "$dir/server.csr" \
		-subj "/CN=127.0.0.1" 2>/dev/null
	printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
		"basicConstraints=critical,CA:FALSE" \
		"keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=serverAuth" >"$dir/server.ext"
	openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
		-CAcreateserial -out "$dir/server.pem" -days 7 \
		-extfile "$dir/server.ext" 2>/dev/null
	rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.key" "$dir/ca.srl"
fi

secret() { # file, prefix
	[[ -s $dir/$1 ]] || printf '%s%s\n' "$2" "$(openssl rand -hex 24)" >"$dir/$1"
}
secret stripe-secret-key sk_test_
secret stripe-webhook-secret whsec_
secret paypay-api-secret ""
[[ -s $dir/paypay-api-key ]] || printf 'a_%s\n' "$(openssl rand -hex 8)" >"$dir/paypay-api-key"
[[ -s $dir/gmo-shop-id ]] || printf 'tshop%s\n' "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" >"$dir/gmo-shop-id"
secret gmo-shop-pass ""
[[ -s $dir/paypay-merchant-id ]] || printf '%s\n' "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" >"$dir/paypay-merchant-id"
