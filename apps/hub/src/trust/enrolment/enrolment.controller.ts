import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EnrolmentResponse } from '@cp/contract';
import { EnrolDto } from './dto/enrol.dto';
import { EnrolmentService } from './enrolment.service';

@ApiTags('federation')
@Controller('enrolments')
export class EnrolmentController {
  constructor(private readonly enrolments: EnrolmentService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Exchange a one-time token and a node's CSR for its certificate" })
  enrol(@Body() dto: EnrolDto): Promise<EnrolmentResponse> {
    return this.enrolments.enrol(dto.token, dto.csrPem, new Date(), dto.laName);
  }
}
