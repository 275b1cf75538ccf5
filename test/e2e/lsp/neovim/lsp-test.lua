-- Drives the STS Inspector language server from Neovim 0.7 (vim.lsp.start_client; vim.lsp.start is 0.8+):
-- opens LSP_FILE, waits for diagnostics, asks for a hover at LSP_HOVER_LINE:LSP_HOVER_CHAR and for formatting,
-- and writes what Neovim received as JSON to LSP_OUT.
local out = assert(vim.env.LSP_OUT)
local result = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }
local client_id = vim.lsp.start_client({
  name = 'sts-inspector',
  cmd = { vim.env.LSP_NODE or 'node', assert(vim.env.LSP_SERVER), '--stdio' },
  root_dir = vim.loop.cwd(),
})
assert(client_id, 'start_client failed')
vim.cmd('edit ' .. vim.fn.fnameescape(assert(vim.env.LSP_FILE)))
local bufnr = vim.api.nvim_get_current_buf()
if vim.env.LSP_FILETYPE then
  vim.bo[bufnr].filetype = vim.env.LSP_FILETYPE
end
assert(vim.lsp.buf_attach_client(bufnr, client_id))
result.ok = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, code = d.code, source = d.source, severity = d.severity })
end
local uri = vim.uri_from_bufnr(bufnr)
local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = uri },
  position = { line = tonumber(vim.env.LSP_HOVER_LINE or '0'), character = tonumber(vim.env.LSP_HOVER_CHAR or '0') },
}, 10000)
local h = hover and hover[client_id] and hover[client_id].result
result.hover = h and h.contents and h.contents.value or vim.NIL
local formatting = vim.lsp.buf_request_sync(bufnr, 'textDocument/formatting', {
  textDocument = { uri = uri },
  options = { tabSize = 2, insertSpaces = true },
}, 10000)
local edits = formatting and formatting[client_id] and formatting[client_id].result
if edits and #edits > 0 then
  result.newText = edits[1].newText
  vim.lsp.util.apply_text_edits(edits, bufnr, 'utf-16')
end
result.formatted = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
result.fileformat = vim.bo[bufnr].fileformat
result.edits = edits and #edits or 0
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
vim.cmd('qa!')
