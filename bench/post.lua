-- wrk script: POST /api/messages with the product page's "raw contact" example, a new recipientPhone per request;
-- with BULK=n, POST /api/messages/batch with n such messages per call.
-- Environment: TUCO_KEY (API key), TUCO_LINE (fromLineId; empty: none, the service chooses the line),
-- PHONE_AREA (3 digits, default 415), BULK (0).
local counter = 0
local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

function init(args)
    local area = os.getenv("PHONE_AREA") or "415"
    prefix = "+1" .. area
    base = 2000000 + tid * 1000000
    bulk = tonumber(os.getenv("BULK") or "0")
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("TUCO_KEY")
    line = os.getenv("TUCO_LINE")
end

local function message()
    counter = counter + 1
    local phone = prefix .. string.format("%07d", base + counter % 1000000)
    local from = ""
    if line ~= nil and line ~= "" then
        from = '"fromLineId":"' .. line .. '",'
    end
    return '{"message":"Hey John, this is a quick test from Tuco.","messageType":"imessage",' .. from
        .. '"recipientPhone":"' .. phone .. '","recipientName":"John Doe"}'
end

function request()
    if bulk > 0 then
        local items = {}
        for i = 1, bulk do
            items[i] = message()
        end
        return wrk.format(nil, "/api/messages/batch", nil, '{"messages":[' .. table.concat(items, ",") .. ']}')
    end
    return wrk.format(nil, "/api/messages", nil, message())
end
