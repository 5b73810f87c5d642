/* The desk's pages for keeping the register (admin only): the list, a new
 * entry, changing an entry, abolishing one. Each change writes the
 * register's history (届出 / 変更 / 廃止, 令20③④) in the same transaction.
 *
 * The handlers take a request whose staff member the desk has already
 * authenticated as an admin; cgi-bin/desk.c routes to them:
 *   GET  /desk/register               desk_register_list   (?q=, ?page=)
 *   GET  /desk/register/new           desk_register_new
 *   POST /desk/register/new           desk_register_create
 *   GET  /desk/register/{}            desk_register_edit
 *   POST /desk/register/{}            desk_register_update
 *   POST /desk/register/{}/abolish    desk_register_abolish
 * They read their form values from the body by the register's field ids
 * and check them with reg_check (lib/register.c), so the desk's field
 * table needs no entry for them. */
#ifndef KAIJI_DESK_REGISTER_H
#define KAIJI_DESK_REGISTER_H

#include "req.h"

int desk_register_list(struct req *req);
int desk_register_new(struct req *req);
int desk_register_create(struct req *req);
int desk_register_edit(struct req *req);
int desk_register_update(struct req *req);
int desk_register_abolish(struct req *req);

#endif
