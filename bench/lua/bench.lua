-- An allocation-heavy Lua program: tables, closures, strings and garbage collection. Deterministic: its own
-- seeded generator, no time or environment. Returns a string summarising what it computed (the checksum).
local scale = SCALE or 1
local seed = 12345
local function rand(n)  -- LCG, same on every engine
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

-- 1. binary trees (tables as nodes), the classic GC benchmark
local function make(d)
  if d == 0 then return {} end
  return {make(d - 1), make(d - 1)}
end
local function check(t)
  if not t[1] then return 1 end
  return 1 + check(t[1]) + check(t[2])
end
local trees = 0
local long = make(12)
for d = 4, 14, 2 do
  for _ = 1, scale * 2 ^ (14 - d) // 2 do trees = trees + check(make(d)) end
end
trees = trees + check(long)

-- 2. strings: build words, concatenate, format, substitute
local syll = {"ka", "lo", "mi", "ne", "su", "ta", "vo", "ri", "pe", "zu"}
local words = {}
for i = 1, 4000 * scale do
  local w = {}
  for k = 1, rand(4) do w[k] = syll[rand(#syll)] end
  words[i] = table.concat(w)
end
local text = table.concat(words, " ")
local counts = {}
for w in text:gmatch("%a+") do counts[w] = (counts[w] or 0) + 1 end
local distinct, top, topw = 0, 0, ""
for w, c in pairs(counts) do
  distinct = distinct + 1
  if c > top or (c == top and w < topw) then top, topw = c, w end
end
local upper = text:gsub("(%a)(%a*)", function(a, b) return a:upper() .. b end)
local lines = {}
for i = 1, 3000 * scale do lines[#lines + 1] = string.format("%05d:%s:%x", i, words[rand(#words)], i * 7919) end
local joined = table.concat(lines, "\n")

-- 3. a churning table of records: insert, update, delete by key
local db, live = {}, 0
for i = 1, 60000 * scale do
  local k = rand(5000)
  local r = db[k]
  if r == nil then
    db[k] = {id = k, name = words[rand(#words)], tags = {rand(100), rand(100)}}
    live = live + 1
  elseif rand(3) == 1 then
    db[k] = nil
    live = live - 1
  else
    r.tags[#r.tags + 1] = rand(100)
    r.name = r.name .. "x"
  end
end
local sum = 0
for k, r in pairs(db) do sum = sum + k + #r.tags + #r.name end

-- 4. closures and sorting
local objs = {}
for i = 1, 20000 * scale do
  local v = rand(1000000)
  objs[i] = {v = v, get = function() return v end}
end
table.sort(objs, function(a, b) return a.v < b.v end)
local sorted = 0
for i = 1, #objs, 97 do sorted = sorted + objs[i].get() end

return string.format("%d %d %d %s %d %d %d %d %d", trees, distinct, top, topw, #upper, #joined, live, sum, sorted)
