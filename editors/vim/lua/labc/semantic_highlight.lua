-- Colours .lab buffers from labc's semantic tokens on Neovim 0.7 and 0.8, which ask for no
-- tokens themselves (0.9 and later do, and this is not used there). Each token becomes an
-- extmark in the "labc_semantic" namespace with the group LabcSemantic<Type>, linked by default
-- to a standard group, so a colour scheme colours it and a user can relink it.
local M = {}

M.namespace = vim.api.nvim_create_namespace("labc_semantic")

local links = {
  keyword = "Keyword", type = "Type", variable = "Identifier", property = "Identifier",
  string = "String", number = "Number", comment = "Comment", operator = "Operator",
  ["function"] = "Function", namespace = "Include", enumMember = "Constant",
}

local function group_of(token_type)
  return "LabcSemantic" .. token_type:sub(1, 1):upper() .. token_type:sub(2)
end

for token_type, target in pairs(links) do
  vim.cmd(("highlight default link %s %s"):format(group_of(token_type), target))
end
-- A declared name reads as a definition whatever its type.
vim.cmd("highlight default link LabcSemanticDeclaration Function")

--- The group each token of `data` (the LSP's relative encoding) gets, as extmarks on `bufnr`.
function M.apply(bufnr, data, legend)
  if not vim.api.nvim_buf_is_valid(bufnr) then return end
  vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
  local declaration_bit
  for i, modifier in ipairs(legend.tokenModifiers or {}) do
    if modifier == "declaration" then declaration_bit = 2 ^ (i - 1) end
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local line, start = 0, 0
  for i = 1, #data, 5 do
    local delta_line, delta_start, length, type_index, modifiers = data[i], data[i + 1], data[i + 2], data[i + 3], data[i + 4]
    line = line + delta_line
    start = delta_line > 0 and delta_start or start + delta_start
    local text = lines[line + 1]
    local token_type = legend.tokenTypes[type_index + 1]
    if text and token_type then
      -- Positions are UTF-16 code units; extmarks want bytes.
      local ok_start, first = pcall(vim.str_byteindex, text, start, true)
      local ok_end, last = pcall(vim.str_byteindex, text, start + length, true)
      if ok_start and ok_end and last > first then
        local declared = declaration_bit and math.floor(modifiers / declaration_bit) % 2 == 1
        vim.api.nvim_buf_set_extmark(bufnr, M.namespace, line, first, {
          end_col = last,
          hl_group = declared and "LabcSemanticDeclaration" or group_of(token_type),
          priority = 125,
        })
      end
    end
  end
end

--- Asks `client` for the tokens of `bufnr` and applies them, unless the buffer changed meanwhile.
function M.refresh(client, bufnr)
  local provider = client.server_capabilities and client.server_capabilities.semanticTokensProvider
  if not provider or not provider.full then return end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  client.request("textDocument/semanticTokens/full", { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, function(err, result)
    if err or not result or not vim.api.nvim_buf_is_valid(bufnr) then return end
    if vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then return end -- a newer request follows
    M.apply(bufnr, result.data or {}, provider.legend)
    vim.b[bufnr].labc_semantic_tick = tick
  end, bufnr)
end

--- Keeps `bufnr` coloured from `client`'s tokens: now, and 150 ms after the last change.
function M.attach(client, bufnr)
  if vim.b[bufnr].labc_semantic_attached then return end
  vim.b[bufnr].labc_semantic_attached = true
  local pending = 0
  vim.api.nvim_buf_attach(bufnr, false, {
    on_lines = function()
      pending = pending + 1
      local mine = pending
      vim.defer_fn(function()
        if mine == pending and not client.is_stopped() then M.refresh(client, bufnr) end
      end, 150)
    end,
    on_detach = function() vim.b[bufnr].labc_semantic_attached = nil end,
  })
  M.refresh(client, bufnr)
end

return M
