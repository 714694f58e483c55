-- wrk script: POST /api/messages/batch with BULK (default 1000) raw-contact messages per call, a new recipientPhone
-- per message. Environment: TUCO_KEY (API key), TUCO_LINE (fromLineId), PHONE_AREA (3 digits, default 646), BULK.
local counter = 0
local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

function init(args)
    local area = os.getenv("PHONE_AREA") or "646"
    prefix = "+1" .. area
    size = tonumber(os.getenv("BULK") or "1000")
    base = 2000000 + tid * 1000000
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("TUCO_KEY")
    line = os.getenv("TUCO_LINE")
end

function request()
    local items = {}
    for i = 1, size do
        counter = counter + 1
        local phone = prefix .. string.format("%07d", base + counter % 1000000)
        items[i] = '{"message":"Hey John, this is a quick test from Tuco.","messageType":"imessage","fromLineId":"'
            .. line .. '","recipientPhone":"' .. phone .. '","recipientName":"John Doe"}'
    end
    return wrk.format(nil, "/api/messages/batch", nil, '{"messages":[' .. table.concat(items, ",") .. ']}')
end
