-- Headless Neovim 0.7+ as an LSP client of the built server (server/test/neovim.test.ts runs it):
-- hover on conv.c's outer loop, list the code actions there, resolve and apply the first
-- "Reorder loops to" one with Neovim's own apply_workspace_edit, write the buffer, record what it saw.
local server, file, out = _G.arg_server, _G.arg_file, _G.arg_out
local lines = {}
local function say(s) table.insert(lines, s) end
local id = vim.lsp.start_client({ cmd = { "node", server, "--stdio" }, root_dir = vim.fn.fnamemodify(file, ":h"), name = "loopsmith" })
vim.cmd("edit " .. file)
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(20000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 50)
say("initialized " .. tostring(ok))
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 26, character = 5 } }, 20000)
for _, r in pairs(hover or {}) do if r.result then say("HOVER " .. vim.fn.json_encode(r.result.contents)) end end
local acts = vim.lsp.buf_request_sync(0, "textDocument/codeAction", { textDocument = { uri = vim.uri_from_bufnr(0) }, range = { start = { line = 26, character = 5 }, ["end"] = { line = 26, character = 5 } }, context = { diagnostics = {} } }, 20000)
for _, r in pairs(acts or {}) do
  for _, a in ipairs(r.result or {}) do
    say("ACTION " .. a.title)
    if not a.disabled and a.title:find("^Reorder loops to") then
      local res = vim.lsp.buf_request_sync(0, "codeAction/resolve", a, 20000)
      for _, rr in pairs(res or {}) do if rr.result and rr.result.edit then vim.lsp.util.apply_workspace_edit(rr.result.edit, "utf-16"); say("APPLIED " .. a.title) end end
    end
  end
end
vim.cmd("write! " .. out .. ".c")
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.cmd("qa!")
